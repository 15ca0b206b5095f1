'use strict';
// `zapier build` ships only the files esbuild finds behind index.js, plus .zapierapprc's
// includeInBuild patterns. whatsapp-consent reads its .wasm with readFileSync, which esbuild
// cannot see: this test repeats the CLI's file selection (zapier-platform-cli src/utils/build.js)
// on a copy of the app with a real (not linked) package, then loads the package from only the
// selected files, with and without the includeInBuild patterns.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const esbuild = require('esbuild');

const appDir = path.join(__dirname, '..');
const pkgDir = fs.realpathSync(path.dirname(require.resolve('whatsapp-consent/package.json', { paths: [appDir] })));

function copyApp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wac-zapier-build-'));
  for (const f of ['index.js', 'package.json', '.zapierapprc', 'creates', 'lib']) {
    fs.cpSync(path.join(appDir, f), path.join(dir, f), { recursive: true });
  }
  fs.cpSync(pkgDir, path.join(dir, 'node_modules/whatsapp-consent'), { recursive: true, dereference: true });
  return dir;
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

// The CLI's smart selection: esbuild's inputs, each package's package.json, and every file whose
// path matches a preset or includeInBuild pattern.
async function selectFiles(dir, includeInBuild) {
  const result = await esbuild.build({
    entryPoints: [path.join(dir, 'index.js')],
    bundle: true,
    platform: 'node',
    metafile: true,
    write: false,
    logLevel: 'silent',
    format: 'cjs',
    conditions: [],
    absWorkingDir: dir,
    // The platform package is the CLI's concern (it adds it itself); only ours is under test.
    external: ['zapier-platform-core'],
  });
  const files = new Set(Object.keys(result.metafile.inputs).map((p) => path.normalize(p)));
  for (const f of [...files]) {
    const m = f.match(/^(.*node_modules[\\/][^\\/]+)[\\/]/);
    if (m) files.add(path.join(m[1], 'package.json'));
  }
  const patterns = ['[\\\\/]package\\.json$', ...includeInBuild].map((x) => new RegExp(x, 'i'));
  for (const abs of walk(dir)) if (patterns.some((re) => re.test(abs))) files.add(path.relative(dir, abs));
  return [...files];
}

function zipLike(dir, files) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wac-zapier-zip-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    fs.copyFileSync(path.join(dir, f), path.join(out, f));
  }
  return out;
}

test('the files `zapier build` would ship load whatsapp-consent only with .zapierapprc includeInBuild', async (t) => {
  const dir = copyApp();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { includeInBuild } = JSON.parse(fs.readFileSync(path.join(appDir, '.zapierapprc'), 'utf8'));
  assert.ok(Array.isArray(includeInBuild) && includeInBuild.length > 0);

  const withPatterns = await selectFiles(dir, includeInBuild);
  assert.ok(withPatterns.includes(path.normalize('node_modules/whatsapp-consent/node.cjs')), withPatterns.join('\n'));
  assert.ok(withPatterns.some((f) => f.endsWith('.wasm')), 'the wasm file is selected');

  const shipped = zipLike(dir, withPatterns);
  const without = zipLike(dir, await selectFiles(dir, []));
  t.after(() => {
    fs.rmSync(shipped, { recursive: true, force: true });
    fs.rmSync(without, { recursive: true, force: true });
  });

  const wc = require(path.join(shipped, 'node_modules/whatsapp-consent'));
  assert.equal(wc.normalizePhone('0151 23456789', { defaultRegion: 'DE' }).e164, '+4915123456789');
  // Control: the same selection without the patterns misses the .wasm and cannot load.
  assert.throws(() => require(path.join(without, 'node_modules/whatsapp-consent')), /ENOENT|wasm/);
});
