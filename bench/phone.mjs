#!/usr/bin/env node
// Phone benchmark: whatsapp-consent (full and EU builds) vs libphonenumber-js (max metadata) vs
// google-libphonenumber, all measured in this one run on the same inputs. Prints a Markdown table.
// Not a test: nothing here asserts on timing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { build } from 'esbuild';
import { generateCorpus, oracle, differences } from '../tests/support/phone-corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const corpus = generateCorpus();
const expected = corpus.map(oracle);

const glib = require('google-libphonenumber');
const gutil = glib.PhoneNumberUtil.getInstance();
const TYPE_NAMES = Object.fromEntries(Object.entries(glib.PhoneNumberType).map(([k, v]) => [v, k]));
const lpjs = require('libphonenumber-js/max');
const full = await import(join(root, 'pkg/node.mjs'));
const lite = await import(join(root, 'pkg/lite.mjs'));
const eu = await import(join(root, 'pkg/eu/node.mjs'));

const INVALID = { valid: false, e164: null, type: null, region: null };
const libs = {
  'whatsapp-consent (Node: regex; browser file: phone + tokens + texts + validateConsent)': {
    run: ({ input, region }) => full.normalizePhone(input, region ? { defaultRegion: region } : undefined),
    coldStart: `const m = await import(${JSON.stringify(join(root, 'pkg/node.mjs'))}); await m.init(); m.normalizePhone('+4915123456789');`,
    payload: () => files(['pkg/web.mjs', 'pkg/api.mjs', 'pkg/wasm/whatsapp_consent.js', 'pkg/wasm/whatsapp_consent_bg.wasm']),
  },
  'whatsapp-consent/lite (regex-lite; browser file adds replies and records)': {
    run: ({ input, region }) => lite.normalizePhone(input, region ? { defaultRegion: region } : undefined),
    coldStart: `const m = await import(${JSON.stringify(join(root, 'pkg/lite.mjs'))}); await m.init(); m.normalizePhone('+4915123456789');`,
    payload: () => files(['pkg/lite-web.mjs', 'pkg/api.mjs', 'pkg/wasm-lite/whatsapp_consent.js', 'pkg/wasm-lite/whatsapp_consent_bg.wasm']),
  },
  'whatsapp-consent/eu (regex-lite; phone + tokens)': {
    run: ({ input, region }) => eu.normalizePhone(input, region ? { defaultRegion: region } : undefined),
    regional: true,
    coldStart: `const m = await import(${JSON.stringify(join(root, 'pkg/eu/node.mjs'))}); await m.init(); m.normalizePhone('+4915123456789');`,
    payload: () => files(['pkg/eu/web.mjs', 'pkg/eu/api.mjs', 'pkg/eu/wasm/whatsapp_consent.js', 'pkg/eu/wasm/whatsapp_consent_bg.wasm']),
  },
  'libphonenumber-js (max)': {
    run: ({ input, region }) => {
      try {
        const n = lpjs.parsePhoneNumberFromString(input, region ? region.toUpperCase() : undefined);
        if (!n || !n.isValid()) return INVALID;
        return { valid: true, e164: n.number, type: n.getType() ?? 'UNKNOWN', region: n.country ?? '001' };
      } catch {
        return INVALID;
      }
    },
    coldStart: `const m = await import('libphonenumber-js/max'); m.parsePhoneNumberFromString('+4915123456789').isValid();`,
    payload: () => bundle(`export { parsePhoneNumberFromString } from 'libphonenumber-js/max';`),
  },
  'google-libphonenumber': {
    run: ({ input, region }) => {
      try {
        const n = gutil.parse(input, region ? region.toUpperCase() : undefined);
        if (!gutil.isValidNumber(n)) return INVALID;
        return { valid: true, e164: gutil.format(n, 0), type: TYPE_NAMES[gutil.getNumberType(n)], region: gutil.getRegionCodeForNumber(n) };
      } catch {
        return INVALID;
      }
    },
    coldStart: `const { default: g } = await import('google-libphonenumber'); const u = g.PhoneNumberUtil.getInstance(); u.isValidNumber(u.parse('+4915123456789'));`,
    payload: () => bundle(`import g from 'google-libphonenumber'; export const util = g.PhoneNumberUtil.getInstance();`),
  },
};

function sizes(buffers) {
  const sum = (f) => buffers.reduce((a, b) => a + f(b).length, 0);
  return {
    raw: sum((b) => b),
    gzip: sum((b) => gzipSync(b, { level: 9 })),
    brotli: sum((b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  };
}
const files = (list) => sizes(list.map((f) => readFileSync(join(root, f))));
async function bundle(source) {
  const out = await build({ stdin: { contents: source, resolveDir: root }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error' });
  return sizes(out.outputFiles.map((f) => Buffer.from(f.contents)));
}

function agreement(lib) {
  const regions = lib.regional ? new Set(eu.supportedRegions()) : null;
  let same = 0;
  let n = 0;
  corpus.forEach((item, i) => {
    let want = expected[i];
    if (regions) {
      if (item.region && !regions.has(item.region.toUpperCase())) return;
      if (want.valid && !regions.has(want.region)) want = INVALID;
    }
    n++;
    if (differences(lib.run(item), want).length === 0) same++;
  });
  return { pct: (100 * same) / n, n };
}

function throughput(lib) {
  for (let i = 0; i < 2000; i++) lib.run(corpus[i % corpus.length]);
  let count = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.5e9) {
    for (const item of corpus) lib.run(item);
    count += corpus.length;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return count / (elapsed / 1e9);
}

function coldStart(code, runs = 7) {
  const script = `const t0 = performance.now(); ${code} process.stdout.write(String(performance.now() - t0));`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(+execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
for (const [name, lib] of Object.entries(libs)) {
  const agree = agreement(lib);
  const rate = throughput(lib);
  const cold = coldStart(lib.coldStart);
  const size = await lib.payload();
  rows.push({ name, agree, rate, cold, size });
  console.error(`[bench] ${name} done`);
}

console.log(`Phone numbers: ${corpus.length} inputs (every region's example number of every type in ${''
}typed shapes, plus broken ones); oracle: google-libphonenumber ${require('google-libphonenumber/package.json').version}; Node ${process.version}.\n`);
console.log('| library | agreement with libphonenumber | numbers/s (Node) | cold start (median of 7) | browser payload raw | gzip | brotli |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const note = r.name.includes('/eu') ? ` (on the ${r.agree.n} inputs inside EU/EEA/CH/UK plans)` : '';
  console.log(`| ${r.name} | ${r.agree.pct.toFixed(2)} %${note} | ${Math.round(r.rate).toLocaleString('en')} | ${r.cold.toFixed(1)} ms | ${kb(r.size.raw)} | ${kb(r.size.gzip)} | ${kb(r.size.brotli)} |`);
}
