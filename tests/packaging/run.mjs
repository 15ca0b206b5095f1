#!/usr/bin/env node
// Packaging tests (the Automerge pattern): `npm pack` the built pkg/, install the tarball into
// throwaway projects outside the source tree, and import it the way users do — Node ESM, Node
// CommonJS, the /eu subpath, an esbuild browser bundle, a plain <script type="module"> page and a
// module worker, the browser ones in headless Chromium. Needs /usr/bin/chromium.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'wac-packaging-'));
const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const tarball = join(work, sh('npm', ['pack', join(root, 'pkg'), '--pack-destination', work, '--silent'], root).trim().split('\n').pop());

function project(name, files) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }));
  sh('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', tarball], dir);
  cpSync(join(root, 'tests/support/smoke.mjs'), join(dir, 'smoke.mjs'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const results = [];
function record(name, outcome) {
  const ok = outcome.failed === 0 && outcome.passed > 0;
  results.push({ name, ok, outcome });
  console.log(`${ok ? 'ok' : 'FAIL'} - ${name} (${outcome.passed} checks passed, ${outcome.failed} failed)`);
  for (const r of outcome.results || []) if (!r.ok) console.log(`    ${r.name}: ${r.detail}`);
}

function nodeCase(name, file, text) {
  const dir = project(name, { [file]: text });
  try {
    record(name, JSON.parse(sh('node', [file], dir)));
  } catch (err) {
    record(name, { passed: 0, failed: 1, results: [{ name: 'run', ok: false, detail: String(err.stdout || err) }] });
  }
}

nodeCase('node-esm', 'test.mjs', `import * as api from 'whatsapp-consent';
import { smoke } from './smoke.mjs';
console.log(JSON.stringify(await smoke(api)));`);
nodeCase('node-cjs', 'test.cjs', `const api = require('whatsapp-consent');
if (typeof api.normalizePhone !== 'function') throw new Error('require() gave no API');
import('./smoke.mjs').then(async ({ smoke }) => console.log(JSON.stringify(await smoke(api))));`);
nodeCase('node-esm-lite', 'test.mjs', `import * as api from 'whatsapp-consent/lite';
import { smoke } from './smoke.mjs';
console.log(JSON.stringify(await smoke(api)));`);
nodeCase('node-esm-eu', 'test.mjs', `import * as api from 'whatsapp-consent/eu';
import { smoke } from './smoke.mjs';
console.log(JSON.stringify(await smoke(api, { flavor: 'eu' })));`);

// Browser cases: one static server over the work folder, one Chromium.
const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = normalize(join(work, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!path.startsWith(work) || !existsSync(path)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
  res.end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const PAGE_RUNNER = (importLine) => `${importLine}
import { smoke } from './smoke.mjs';
window.__result = await smoke(api);
document.body.dataset.done = '1';`;

async function browserCase(name, dir, htmlFile = 'index.html') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const rel = dir.slice(work.length);
  try {
    await page.goto(`${base}${rel}/${htmlFile}`);
    await page.waitForSelector('body[data-done="1"]', { timeout: 30000 });
    const outcome = await page.evaluate(() => window.__result);
    if (errors.length) outcome.results.push({ name: 'page errors', ok: false, detail: errors.join('\n') }), outcome.failed++;
    record(name, outcome);
    await page.screenshot({ path: join(artifacts, `packaging-${name}.png`) });
  } catch (err) {
    record(name, { passed: 0, failed: 1, results: [{ name: 'run', ok: false, detail: `${err.message}\n${errors.join('\n')}` }] });
  }
  await page.close();
}

// A plain page: an import map names the package, no bundler. The wasm is fetched next to the glue.
{
  const dir = project('browser-plain', {
    'index.html': `<!doctype html><meta charset="utf-8"><title>plain</title>
<script type="importmap">{"imports":{"whatsapp-consent":"./node_modules/whatsapp-consent/web.mjs"}}</script>
<script type="module" src="./main.mjs"></script><body>plain page</body>`,
    'main.mjs': PAGE_RUNNER(`import * as api from 'whatsapp-consent';`),
  });
  await browserCase('browser-plain-module', dir);
}

// esbuild with no configuration beyond --bundle: the browser condition is picked and, since
// esbuild does not copy the .wasm, init() falls back to the inlined copy.
{
  const dir = project('browser-esbuild', {
    'app.mjs': PAGE_RUNNER(`import * as api from 'whatsapp-consent';`),
    'index.html': `<!doctype html><meta charset="utf-8"><title>esbuild</title><script type="module" src="./dist/app.js"></script><body>esbuild</body>`,
  });
  await build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, format: 'esm', platform: 'browser', outdir: join(dir, 'dist'), splitting: true, logLevel: 'error' });
  await browserCase('browser-esbuild-bundle', dir);
}

// A module worker (as an edge runtime would) imports the lite build, which parses replies and
// webhooks, and posts its results to the page.
{
  const dir = project('browser-worker', {
    'worker.mjs': `import * as api from './node_modules/whatsapp-consent/lite-web.mjs';
import { smoke } from './smoke.mjs';
postMessage(await smoke(api));`,
    'main.mjs': `const w = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
w.onmessage = (e) => { window.__result = e.data; document.body.dataset.done = '1'; };
w.onerror = (e) => { window.__result = { passed: 0, failed: 1, results: [{ name: 'worker', ok: false, detail: e.message }] }; document.body.dataset.done = '1'; };`,
    'index.html': `<!doctype html><meta charset="utf-8"><title>worker</title><script type="module" src="./main.mjs"></script><body>worker</body>`,
  });
  await browserCase('browser-module-worker', dir);
}

await browser.close();
server.close();
rmSync(work, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).length;
console.log(`packaging: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
