// Runs the built CLI (pkg/cli.mjs) as a child process, as a user's shell would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const cli = join(root, 'pkg/cli.mjs');
export const examples = join(root, 'examples');
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** { status, stdout, stderr } of `node pkg/cli.mjs ...args`; stdout and stderr are pipes. */
export function run(args, { input, cwd } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: cwd ?? root,
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dirs = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
export const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'wac-cli-test-'));
  dirs.push(d);
  return d;
};
export const lines = (s) => s.split('\n').filter(Boolean);

// A plain whole-text RFC 4180 reader to compare the streaming one with.
export function referenceCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let fields = [];
  let f = '';
  let quoted = false;
  let fieldStart = true;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === '\n') line++; f += c; }
      continue;
    }
    if (c === '"' && fieldStart) { quoted = true; fieldStart = false; continue; }
    if (c === ',') { fields.push(f); f = ''; fieldStart = true; continue; }
    if (c === '\r' || c === '\n') {
      fields.push(f);
      rows.push({ line: rowLine, fields });
      fields = [];
      f = '';
      fieldStart = true;
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      rowLine = line;
      continue;
    }
    f += c;
    fieldStart = false;
  }
  if (f !== '' || fields.length) rows.push({ line: rowLine, fields: [...fields, f] });
  return rows;
}
