#!/usr/bin/env node
// <whatsapp-optin> benchmark: what a browser downloads for the widget on first load (JS + wasm,
// file by file as the package ships them and as an esbuild --minify bundle; raw, gzip, brotli)
// and its time to interactive in headless Chromium (navigation start → the widget's `ready`:
// wasm loaded, form rendered), cold cache, median of N runs, on localhost and on a simulated
// mobile connection (Lighthouse's: 150 ms RTT, 1.6 Mbit/s, 4x CPU slowdown). The server sends
// brotli over https like a CDN would. Not a test: nothing asserts on timing.
//   node bench/widget.mjs [runs=7]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launch, root, selfSignedCert, startServer } from '../tests/browser/harness.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const MOBILE = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8, cpu: 4 };

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const add = (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer({ brotli: true, tls: selfSignedCert() });
const browser = await launch();

// One page load of the demo: the ready time, the /pkg/ files requested and the bytes on the wire.
const PAGES = [
  { name: 'plain `<script type="module">`', path: '/tests/browser/pages/one.html' },
  { name: 'with modulepreload + wasm preload (the demo)', path: '/examples/widget/' },
];

async function load({ mobile = false, path = PAGES[0].path } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (mobile) {
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: MOBILE.latency, downloadThroughput: MOBILE.downloadThroughput, uploadThroughput: MOBILE.uploadThroughput });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpu });
  }
  const urls = new Map();
  let wire = 0;
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, new URL(e.request.url).pathname));
  cdp.on('Network.loadingFinished', (e) => {
    if (urls.get(e.requestId)?.startsWith('/pkg/')) wire += e.encodedDataLength;
  });
  await page.addInitScript(() => {
    customElements.whenDefined('whatsapp-optin').then(() => {
      document.querySelector('whatsapp-optin').ready.then(() => { window.__tti = performance.now(); });
    });
    addEventListener('DOMContentLoaded', () => { window.__dcl = performance.now(); });
  });
  await page.goto(`${server.url}${path}`);
  await page.waitForFunction(() => window.__tti !== undefined, null, { timeout: 120000 });
  const { tti, dcl, interactive } = await page.evaluate(() => {
    const phone = document.querySelector('whatsapp-optin').shadowRoot.querySelector('#phone');
    phone.focus();
    return { tti: window.__tti, dcl: window.__dcl, interactive: phone.matches(':focus') };
  });
  if (!interactive) throw new Error('the phone field could not take focus after ready');
  const files = [...new Set(urls.values())].filter((p) => p.startsWith('/pkg/'));
  await context.close();
  return { tti, dcl, files, wire };
}

// Payload of the files the plain page actually requested, as the package ships them.
const first = await load();
const shipped = first.files.map((p) => ({ path: p.slice(1), ...sizes(readFileSync(join(root, p))) }));
const shippedTotal = shipped.reduce(add, { raw: 0, gzip: 0, brotli: 0 });

// The same through esbuild --bundle --minify (the base64 fallback chunk is never loaded when the
// .wasm file is served, so it is not counted).
const out = mkdtempSync(join(tmpdir(), 'wac-widget-bench-'));
const result = await build({
  entryPoints: [join(root, 'pkg/widget.mjs')], bundle: true, minify: true, format: 'esm', platform: 'browser',
  splitting: true, outdir: out, metafile: true, logLevel: 'silent',
});
const mainChunk = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)[0];
const bundled = add(sizes(readFileSync(mainChunk)), sizes(readFileSync(join(root, 'pkg/wasm/whatsapp_consent_bg.wasm'))));
rmSync(out, { recursive: true, force: true });

const timings = [];
for (const p of PAGES) {
  for (const mobile of [false, true]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await load({ mobile, path: p.path }));
    timings.push({ page: p.name, mobile, dcl: median(runs.map((r) => r.dcl)), tti: median(runs.map((r) => r.tti)) });
  }
}
await browser.close();
await server.close();

const chromium = browser.version();
console.log(`<whatsapp-optin>: payload on first load and time to interactive; Chromium ${chromium}, Node ${process.version}, median of ${RUNS} cold loads.\n`);
console.log('| file (as shipped) | raw | gzip | brotli |');
console.log('|---|---|---|---|');
for (const f of shipped) console.log(`| ${f.path} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`);
console.log(`| **total, file by file** | ${kb(shippedTotal.raw)} | ${kb(shippedTotal.gzip)} | ${kb(shippedTotal.brotli)} |`);
console.log(`| esbuild --minify bundle + wasm | ${kb(bundled.raw)} | ${kb(bundled.gzip)} | ${kb(bundled.brotli)} |`);
console.log(`\nOn the wire (Chromium's encodedDataLength of the /pkg/ requests, brotli, headers included): ${kb(first.wire)}\n`);
console.log('| page | connection | DOMContentLoaded | time to interactive (widget ready) |');
console.log('|---|---|---|---|');
for (const t of timings) {
  console.log(`| ${t.page} | ${t.mobile ? 'mobile (150 ms RTT, 1.6 Mbit/s, 4x CPU)' : 'localhost'} | ${t.dcl.toFixed(0)} ms | ${t.tti.toFixed(0)} ms |`);
}
