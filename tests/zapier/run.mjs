#!/usr/bin/env node
// Tests of the Zapier app example (examples/zapier, with zapier-platform-core's createAppTester)
// and the n8n / Pipedream snippets (examples/snippets), against the built pkg/.
// The examples require('whatsapp-consent') like users do: a symlink in each example's own
// node_modules (git-ignored) points that name at pkg/; zapier-platform-core and esbuild come
// from the repository's node_modules by Node's upward lookup.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = join(root, 'pkg');
if (!existsSync(join(pkg, 'node.cjs'))) {
  console.error('pkg/ is not built: run `node scripts/build.mjs` first');
  process.exit(1);
}

for (const example of ['examples/zapier', 'examples/snippets']) {
  const modules = join(root, example, 'node_modules');
  const link = join(modules, 'whatsapp-consent');
  const target = relative(modules, pkg);
  mkdirSync(modules, { recursive: true });
  let stat = null;
  try {
    stat = lstatSync(link);
  } catch {}
  if (stat && !stat.isSymbolicLink()) {
    // A real install (npm install in the example) would test the published package, not pkg/.
    console.error(`${relative(root, link)} is a directory, not the link to pkg/: remove it to test this checkout`);
    process.exit(1);
  }
  if (stat && readlinkSync(link) !== target) {
    rmSync(link);
    stat = null;
  }
  if (!stat) symlinkSync(target, link, 'dir');
}

// NODE_ENV=test is zapier-platform-core's own switch for test runs (no log shipping context).
const r = spawnSync(process.execPath, ['--test', 'examples/zapier/test/', 'tests/zapier/'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(r.status ?? 1);
