#!/usr/bin/env node
// Builds the npm package into pkg/: the Rust core compiled to wasm in four variants, wasm-bindgen's
// ESM glue for each, the JS entries from js/ (with CommonJS twins made by esbuild), and the files
// of pkg-template/. Usage: node scripts/build.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const targetDir = process.env.CARGO_TARGET_DIR || join(root, 'target');

// The wasm variants. `replies` (reply parsing, webhooks, signatures and their 30 languages of
// data) is server-side work: the browser build leaves it out to stay small; the EU build is the
// small phone-number build (no texts either). Node gets the full
// `regex` engine (about 5x the throughput); everything else regex-lite (a third of the cold
// start, less than half the size).
const WASMS = [
  { dir: 'wasm-node', features: ['fast-regex', 'replies', 'texts'] },
  { dir: 'wasm-lite', features: ['replies', 'texts'] },
  { dir: 'wasm', features: ['consent'] },
  { dir: 'eu/wasm', features: ['eu-metadata'] },
];
// Entry files: which loader (node: fs, sync; web: fetch, async init) over which wasm.
const ENTRIES = [
  { file: 'node.mjs', loader: 'node', wasm: 'wasm-node', flavor: 'full', engine: 'regex', cjs: true },
  { file: 'lite.mjs', loader: 'node', wasm: 'wasm-lite', flavor: 'full', engine: 'regex-lite', cjs: true },
  { file: 'web.mjs', loader: 'web', wasm: 'wasm', flavor: 'full', engine: 'regex-lite' },
  { file: 'lite-web.mjs', loader: 'web', wasm: 'wasm-lite', flavor: 'full', engine: 'regex-lite' },
  { file: 'eu/node.mjs', loader: 'node', wasm: 'eu/wasm', flavor: 'eu', engine: 'regex-lite', cjs: true },
  { file: 'eu/web.mjs', loader: 'web', wasm: 'eu/wasm', flavor: 'eu', engine: 'regex-lite' },
];

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
rmSync(pkg, { recursive: true, force: true });
mkdirSync(join(pkg, 'eu'), { recursive: true });

for (const variant of WASMS) {
  console.error(`[build] ${variant.dir}: cargo build --features ${variant.features.join(',') || '(none)'}`);
  run('cargo', ['build', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown',
    '--no-default-features', ...(variant.features.length ? ['--features', variant.features.join(',')] : [])]);
  const bindgenOut = join(root, 'build', variant.dir);
  rmSync(bindgenOut, { recursive: true, force: true });
  run('wasm-bindgen', [
    '--target', 'web', '--out-dir', bindgenOut, '--out-name', 'whatsapp_consent',
    '--remove-name-section', '--remove-producers-section',
    join(targetDir, 'wasm32-unknown-unknown/release/whatsapp_consent.wasm'),
  ]);
  const out = join(pkg, variant.dir);
  mkdirSync(out, { recursive: true });
  for (const f of ['whatsapp_consent.js', 'whatsapp_consent_bg.wasm']) cpSync(join(bindgenOut, f), join(out, f));
  // Fallback for bundlers that do not copy `new URL(..., import.meta.url)` assets (esbuild):
  // imported lazily by the web loader only when the .wasm file cannot be fetched.
  const wasm = readFileSync(join(bindgenOut, 'whatsapp_consent_bg.wasm'));
  writeFileSync(join(out, 'inline.mjs'),
    `// The same bytes as whatsapp_consent_bg.wasm, for hosts that cannot fetch that file.\n` +
    `const b64 = '${wasm.toString('base64')}';\n` +
    `export function wasmBytes() {\n  const s = atob(b64);\n  const u = new Uint8Array(s.length);\n` +
    `  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);\n  return u;\n}\n`);
}

const source = (f) => readFileSync(join(root, 'js', f), 'utf8');
for (const dir of ['', 'eu/']) {
  writeFileSync(join(pkg, dir, 'api.mjs'), source('api.mjs'));
  writeFileSync(join(pkg, dir, 'index.d.ts'), source('index.d.ts'));
}
// Pieces built on the public API: the <whatsapp-optin> widget (browsers) and the CLI (Node).
for (const f of ['widget.mjs', 'widget.d.ts', 'cli.mjs']) {
  if (existsSync(join(root, 'js', f))) writeFileSync(join(pkg, f), source(f));
}
for (const e of ENTRIES) {
  const local = e.wasm.startsWith('eu/') ? e.wasm.slice(3) : e.wasm;
  const text = source(`${e.loader}.mjs`)
    .replaceAll('./wasm/', `./${local}/`)
    .replaceAll('__FLAVOR__', JSON.stringify(e.flavor))
    .replaceAll('__ENGINE__', JSON.stringify(e.engine));
  const file = join(pkg, e.file);
  writeFileSync(file, text);
  if (e.cjs) await commonjs(file, file.replace(/\.mjs$/, '.cjs'));
}

for (const f of readdirSync(join(root, 'pkg-template'))) {
  cpSync(join(root, 'pkg-template', f), join(pkg, f), { recursive: true });
}
cpSync(join(root, 'README.md'), join(pkg, 'README.md'));
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`[build] pkg/ ready (whatsapp-consent ${version})`);

// CommonJS for `require()`: the ESM entry bundled with its glue, import.meta.url shimmed.
async function commonjs(from, to) {
  await build({
    entryPoints: [from],
    outfile: to,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
}
