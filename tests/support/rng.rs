//! xorshift: deterministic, so a failing random test names its seed and input.
pub struct Rng(pub u64);

impl Rng {
    /// A number in 0..n.
    pub fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
