#!/usr/bin/env node
// Builds the npm package into pkg/: the Rust core to wasm (one module per metadata flavor),
// wasm-bindgen's ESM glue, the JS entries from js/, a CommonJS entry derived with esbuild, and
// the files of pkg-template/. Usage: node scripts/build.mjs [--flavor full|eu]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
// Each flavor has a Node wasm and a browser wasm: Node gets the full `regex` engine (about 5x
// the throughput), browsers get regex-lite (less than half the download).
const FLAVORS = [
  { name: 'full', features: [], dir: '' },
  { name: 'eu', features: ['eu-metadata'], dir: 'eu' },
];
const TARGETS = [
  { name: 'web', features: [], wasmDir: 'wasm' },
  { name: 'node', features: ['fast-regex'], wasmDir: 'wasm-node' },
];

const arg = process.argv.indexOf('--flavor');
const wanted = arg > 0 ? process.argv[arg + 1] : null;

function run(cmd, args) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

const version = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

if (!wanted) rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });

for (const flavor of FLAVORS) {
  if (wanted && flavor.name !== wanted) continue;
  const out = join(pkg, flavor.dir);
  for (const target of TARGETS) {
    console.error(`[build] ${flavor.name}/${target.name}: cargo build (wasm32, release)`);
    const features = [...flavor.features, ...target.features];
    run('cargo', ['build', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown',
      ...(features.length ? ['--features', features.join(',')] : [])]);
    const bindgenOut = join(root, 'build', `${flavor.name}-${target.name}`);
    rmSync(bindgenOut, { recursive: true, force: true });
    run('wasm-bindgen', [
      '--target', 'web', '--out-dir', bindgenOut, '--out-name', 'whatsapp_consent',
      '--remove-name-section', '--remove-producers-section',
      join(root, 'target/wasm32-unknown-unknown/release/whatsapp_consent.wasm'),
    ]);
    const wasmOut = join(out, target.wasmDir);
    rmSync(wasmOut, { recursive: true, force: true });
    mkdirSync(wasmOut, { recursive: true });
    for (const f of ['whatsapp_consent.js', 'whatsapp_consent_bg.wasm']) {
      cpSync(join(bindgenOut, f), join(wasmOut, f));
    }
    if (target.name !== 'web') continue;
    const wasm = readFileSync(join(bindgenOut, 'whatsapp_consent_bg.wasm'));
    // Fallback for bundlers that do not copy `new URL(..., import.meta.url)` assets (esbuild):
    // imported lazily by web.mjs only when the .wasm file cannot be fetched.
    writeFileSync(join(wasmOut, 'inline.mjs'),
      `// The same bytes as whatsapp_consent_bg.wasm, for hosts that cannot fetch that file.\n` +
      `const b64 = '${wasm.toString('base64')}';\n` +
      `export function wasmBytes() {\n  const s = atob(b64);\n  const u = new Uint8Array(s.length);\n` +
      `  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);\n  return u;\n}\n`);
  }

  const source = (f) => readFileSync(join(root, 'js', f), 'utf8').replaceAll('__FLAVOR__', JSON.stringify(flavor.name));
  for (const f of ['api.mjs', 'web.mjs', 'index.d.ts']) writeFileSync(join(out, f), source(f));
  // Two Node entries over the same JS: node.mjs with the fast regex engine, lite.mjs with the
  // browser's regex-lite wasm (a third of the cold start, for short-lived processes).
  const node = source('node.mjs');
  writeFileSync(join(out, 'node.mjs'), node.replaceAll('__ENGINE__', "'regex'"));
  writeFileSync(join(out, 'lite.mjs'), node.replaceAll('./wasm-node/', './wasm/').replaceAll('__ENGINE__', "'regex-lite'"));
  for (const entry of ['node', 'lite']) await commonjs(join(out, `${entry}.mjs`), join(out, `${entry}.cjs`));
}

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

for (const f of readdirSync(join(root, 'pkg-template'))) {
  cpSync(join(root, 'pkg-template', f), join(pkg, f), { recursive: true });
}
cpSync(join(root, 'README.md'), join(pkg, 'README.md'));
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
manifest.version = version;
writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
console.error(`[build] pkg/ ready (whatsapp-consent ${version})`);
