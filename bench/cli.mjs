#!/usr/bin/env node
// CLI audit benchmark: writes JSON Lines files of 10,000 / 100,000 / 1,000,000 consent submissions
// (a realistic mix of valid and violating ones, exact consent texts from renderText) to a temp
// dir, runs `whatsapp-consent audit` on each as a child process (per-row output to /dev/null) and
// prints rows/s and peak RSS. Targets of issue #6: ≥ 50,000 rows/s, memory flat from 10k to 1M.
//
//   node bench/cli.mjs [--sizes 10000,100000,1000000] [--csv] [--jobs n] [--keep] [--cli pkg/cli.mjs]
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    csv: { type: 'boolean' },
    keep: { type: 'boolean' },
    jobs: { type: 'string' },
    cli: { type: 'string', default: join(root, 'pkg/cli.mjs') },
  },
});
const sizes = values.sizes.split(',').map(Number);
const { renderText } = await import(new URL('node.mjs', new URL(`file://${values.cli}`)).href);

const NOW = '2026-06-30T12:00:00.000Z';
const SHOPS = [
  { lang: 'de', country: 'DE', company: 'Musterladen GmbH', url: 'https://musterladen.example/datenschutz', contact: 'datenschutz@musterladen.example', prefix: '+49151', digits: 8 },
  { lang: 'fr', country: 'FR', company: 'Boutique Lumière SARL', url: 'https://lumiere.example/confidentialite', contact: 'dpo@lumiere.example', prefix: '+336', digits: 8 },
  { lang: 'es', country: 'ES', company: 'Tienda Sol S.L.', url: 'https://tiendasol.example/privacidad', contact: 'privacidad@tiendasol.example', prefix: '+34612', digits: 6 },
  { lang: 'it', country: 'IT', company: 'Negozio Verde S.r.l.', url: 'https://verde.example/privacy', contact: 'privacy@verde.example', prefix: '+39347', digits: 7 },
  { lang: 'pl', country: 'PL', company: 'Sklep Polska sp. z o.o.', url: 'https://sklep.example/prywatnosc', contact: 'iod@sklep.example', prefix: '+48512', digits: 6 },
];
for (const s of SHOPS) {
  for (const purpose of ['promo', 'trans']) {
    s[purpose] = renderText('checkbox', { lang: s.lang, company: s.company, purpose, privacyUrl: s.url });
  }
}

// xorshift32: the same files on every run.
let seed = 0x2545f491;
const rand = () => {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
};
const digits = (n) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');

/** One submission; about 60 % are clean, the rest carry one typical fault. */
function submission(i) {
  const s = SHOPS[i % SHOPS.length];
  const month = 1 + Math.floor(rand() * 12);
  const box = (p, checked = true, preChecked = false) => ({ purpose: p, checked, preChecked, text: s[p].text, textVersion: s[p].version });
  const sub = {
    phone: `${s.prefix}${digits(s.digits)}`,
    name: `Person ${i}`,
    lang: s.lang,
    country: s.country,
    controller: { name: s.company, contact: s.contact },
    privacyPolicyUrl: s.url,
    checkboxes: rand() < 0.5 ? [box('promo')] : [box('promo'), box('trans', rand() < 0.8)],
    source: { method: 'web_form', url: `https://${s.url.split('/')[2]}/whatsapp` },
    collectedAt: `2025-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}T${String(7 + Math.floor(rand() * 14)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00.000Z`,
  };
  const fault = rand();
  if (fault < 0.08) sub.checkboxes[0].preChecked = true; // Planet49
  else if (fault < 0.13) sub.phone = sub.phone.slice(0, 7); // too short
  else if (fault < 0.17) sub.checkboxes[0].textVersion = `sha256:${'0'.repeat(64)}`;
  else if (fault < 0.21) delete sub.privacyPolicyUrl;
  else if (fault < 0.24) sub.privacyPolicyUrl = sub.privacyPolicyUrl.replace('https:', 'http:');
  else if (fault < 0.28) sub.extra = { birthday: '1990-01-01', newsletter_source: 'fair' };
  else if (fault < 0.30) sub.collectedAt = '2027-01-01T00:00:00.000Z';
  else if (fault < 0.33) sub.age = 12;
  else if (fault < 0.36) sub.checkboxes[0].checked = false;
  else if (fault < 0.38) sub.phone = `+49 30 ${digits(7)}`; // a landline
  else if (fault < 0.40) sub.collectedAt = '2022-03-01T09:00:00.000Z'; // stale
  return sub;
}

const CSV_COLUMNS = ['phone', 'name', 'lang', 'country', 'controller_name', 'controller_contact', 'privacy_policy_url',
  'promo_checked', 'promo_prechecked', 'promo_text', 'promo_text_version', 'trans_checked', 'trans_prechecked', 'trans_text',
  'trans_text_version', 'source_method', 'source_url', 'collected_at', 'age'];
const cell = (v) => (v == null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
function csvRow(sub) {
  const b = Object.fromEntries(sub.checkboxes.map((x) => [x.purpose, x]));
  const v = {
    phone: sub.phone, name: sub.name, lang: sub.lang, country: sub.country, controller_name: sub.controller.name,
    controller_contact: sub.controller.contact, privacy_policy_url: sub.privacyPolicyUrl, source_method: sub.source.method,
    source_url: sub.source.url, collected_at: sub.collectedAt, age: sub.age,
  };
  for (const p of ['promo', 'trans']) {
    if (!b[p]) continue;
    Object.assign(v, { [`${p}_checked`]: b[p].checked, [`${p}_prechecked`]: b[p].preChecked, [`${p}_text`]: b[p].text, [`${p}_text_version`]: b[p].textVersion });
  }
  return CSV_COLUMNS.map((c) => cell(v[c])).join(',');
}

function generate(file, n, format) {
  seed = 0x2545f491;
  const fd = openSync(file, 'w');
  let buf = format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '';
  for (let i = 0; i < n; i++) {
    const sub = submission(i);
    buf += (format === 'csv' ? csvRow(sub) : JSON.stringify(sub)) + '\n';
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

function run(file) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [values.cli, 'audit', file, '--stats', '--now', NOW, ...(values.jobs ? ['--jobs', values.jobs] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /^stats (.*)$/m.exec(stderr);
      if (code === 2 || !m) return reject(new Error(`audit exited ${code}: ${stderr}`));
      resolve({ ...JSON.parse(m[1]), summary: stderr.split('\n').slice(0, 4).join(' | ') });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'wac-bench-cli-'));
const results = [];
try {
  for (const format of values.csv ? ['jsonl', 'csv'] : ['jsonl']) {
    for (const n of sizes) {
      const file = join(dir, `submissions-${n}.${format}`);
      const t0 = performance.now();
      generate(file, n, format);
      const genSeconds = (performance.now() - t0) / 1000;
      const r = await run(file);
      results.push({ format, n, mb: statSync(file).size / 1048576, genSeconds, ...r });
      process.stderr.write(`${format} ${n.toLocaleString('en-US')}: ${r.rowsPerSecond.toLocaleString('en-US')} rows/s, peak RSS ${(r.maxRssKiB / 1024).toFixed(0)} MB (${r.summary})\n`);
      if (!values.keep) rmSync(file);
    }
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`files kept in ${dir}\n`);
}

const os = await import('node:os');
console.log(`\nCLI audit (whatsapp-consent audit <file>, per-row lines to /dev/null); Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end.\n`);
console.log('| format | rows | file | threads | seconds | rows/s | CPU seconds (all threads) | peak RSS |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.format} | ${r.n.toLocaleString('en-US')} | ${r.mb.toFixed(0)} MB | ${r.threads} | ${r.seconds.toFixed(2)} | ${r.rowsPerSecond.toLocaleString('en-US')} | ${r.cpuSeconds.toFixed(1)} | ${(r.maxRssKiB / 1024).toFixed(0)} MB |`);
}
for (const format of new Set(results.map((r) => r.format))) {
  const rs = results.filter((r) => r.format === format);
  const small = rs[0];
  const big = rs[rs.length - 1];
  const slowest = Math.min(...rs.map((r) => r.rowsPerSecond));
  console.log(`\n${format}: slowest ${slowest.toLocaleString('en-US')} rows/s (target ≥ 50,000: ${slowest >= 50000 ? 'met' : 'NOT met'}); `
    + `peak RSS ${(small.maxRssKiB / 1024).toFixed(0)} MB at ${small.n.toLocaleString('en-US')} rows, ${(big.maxRssKiB / 1024).toFixed(0)} MB at ${big.n.toLocaleString('en-US')} `
    + `(×${(big.maxRssKiB / small.maxRssKiB).toFixed(2)} for ×${big.n / small.n} the rows; ${big.maxRssKiB / small.maxRssKiB < 1.5 ? 'flat' : 'GROWS'})`);
}
