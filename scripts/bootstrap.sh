#!/usr/bin/env bash
# Installs everything the build and tests need on a fresh machine; skips what is already there.
# Usage: scripts/bootstrap.sh [--browser]
set -euo pipefail
WBG_VERSION=0.2.130
root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  # `cargo install --locked wasm-bindgen-cli` fails: its lock file pins webpki-roots 1.0.11,
  # which the registry no longer serves. Build the same source with 1.0.10 instead.
  log "installing wasm-bindgen-cli $WBG_VERSION (3-4 minutes)"
  work=$(mktemp -d)
  mkdir -p "$work/fetch/src" && touch "$work/fetch/src/lib.rs"
  cat > "$work/fetch/Cargo.toml" <<TOML
[package]
name = "fetch-wbg-cli"
version = "0.0.0"
edition = "2021"
[dependencies]
wasm-bindgen-cli = "=$WBG_VERSION"
TOML
  (cd "$work/fetch" && cargo fetch -q)
  src=$(ls -d "$HOME"/.cargo/registry/src/*/wasm-bindgen-cli-"$WBG_VERSION" | head -n1)
  cp -r "$src" "$work/cli"
  (cd "$work/cli" && cargo update -q -p webpki-roots --precise 1.0.10 && cargo install -q --locked --path .)
  rm -rf "$work"
fi

if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  log "installing npm dev dependencies"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Chromium for the browser tests; openssl makes the widget tests' throwaway https certificate.
if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || ! command -v openssl >/dev/null; }; then
  log "installing chromium and openssl (Debian packages)"
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium openssl >/dev/null
fi
