#!/usr/bin/env node
// Reply-understanding benchmark: whatsapp-consent's parseReply (through the JS API in Node, and
// natively) next to a plain-JS exact-keyword matcher of the Twilio kind, on a labelled set
// (default tests/replies-unseen: 720 replies in 30 languages never used to tune the data; pass
// another set's name as the first argument). Prints a Markdown table. Nothing asserts on timing.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const api = await import(join(root, 'pkg/node.mjs'));

const set = process.argv[2] || 'replies-unseen';
const cases = [];
for (const file of readdirSync(join(root, 'tests', set)).sort()) {
  const lang = file.replace('.jsonl', '');
  for (const line of readFileSync(join(root, 'tests', set, file), 'utf8').split('\n')) {
    if (line.trim()) cases.push({ lang, ...JSON.parse(line) });
  }
}

// The usual single-keyword matcher (Twilio's defaults; only a whole message that equals one
// keyword counts, YES as confirm).
const KEYWORDS = {
  STOP: 'opt_out', STOPALL: 'opt_out', UNSUBSCRIBE: 'opt_out', CANCEL: 'opt_out', END: 'opt_out', QUIT: 'opt_out',
  REVOKE: 'opt_out', OPTOUT: 'opt_out', START: 'start', UNSTOP: 'start', YES: 'confirm', HELP: 'help', INFO: 'help',
};
const baseline = (text) => KEYWORDS[text.trim().toUpperCase()] ?? 'none';

const libs = {
  'whatsapp-consent parseReply (language given)': (c) => api.parseReply(c.text, { lang: c.lang, pending: c.pending }).intent,
  'whatsapp-consent parseReply (language detected)': (c) => api.parseReply(c.text, { pending: c.pending }).intent,
  'plain-JS exact keywords (Twilio-style)': (c) => baseline(c.text),
};

function score(run) {
  let ok = 0; let optOut = 0; let optOutHit = 0; let nonConfirm = 0; let falseConfirm = 0;
  for (const c of cases) {
    const got = run(c);
    ok += got === c.intent;
    if (c.intent === 'opt_out') { optOut++; optOutHit += got === 'opt_out'; }
    if (c.intent !== 'confirm') { nonConfirm++; falseConfirm += got === 'confirm'; }
  }
  return { acc: (100 * ok) / cases.length, recall: (100 * optOutHit) / optOut, falseConfirm: (100 * falseConfirm) / nonConfirm };
}

function throughput(run) {
  for (const c of cases) run(c);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1.5e9) {
    for (const c of cases) run(c);
    n += cases.length;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  return n / (elapsed / 1e9);
}

console.error('[bench] native throughput (cargo run --release --example bench_replies)');
const native = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_replies', '--', '--set', set], { cwd: root, encoding: 'utf8' }));

const fmt = (x) => Math.round(x).toLocaleString('en');
console.log(`Replies: ${cases.length} labelled replies in 30 languages (tests/${set}); Node ${process.version}.\n`);
console.log('| matcher | intent accuracy | opt_out recall | false confirm | replies/s (JS API, Node) | replies/s (native Rust) |');
console.log('|---|---|---|---|---|---|');
for (const [name, run] of Object.entries(libs)) {
  const s = score(run);
  const nat = name.includes('given') ? fmt(native.with_lang) : name.includes('detected') ? fmt(native.detected) : '—';
  console.log(`| ${name} | ${s.acc.toFixed(1)} % | ${s.recall.toFixed(1)} % | ${s.falseConfirm.toFixed(2)} % | ${fmt(throughput(run))} | ${nat} |`);
}
