#!/usr/bin/env node
// whatsapp-consent: the package's command-line tool. Node built-ins only; every command streams,
// so a file of any length runs in constant memory. Usage: whatsapp-consent help
import { createReadStream, createWriteStream, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
// A namespace import: an older build without the consent engine still runs `phone` and `reply`.
import * as wc from './node.mjs';

const CHUNK = 256 * 1024;
// A consent record may be up to 4 MiB of JSON; a longer line is reported and skipped.
const MAX_ROW_CHARS = 8 * 1024 * 1024;
const MIGRATE_BATCH = 1000;

class UsageError extends Error {}
class InputError extends Error {}

const HELP = {
  main: `whatsapp-consent <command> [options]

Commands:
  phone <number> [--region DE]        normalise a phone number (JSON; exit 1 when invalid)
  reply <text> [--lang de]            what a WhatsApp reply means (JSON)
  audit <file>                        check consent records or submissions (CSV, JSON Lines)
  migrate <email-list.csv> ...        plan inviting an e-mail list to WhatsApp
  convert <file>                      the rows as audit reads them, as JSON Lines
  help [command]                      this text, or a command's options

Run 'whatsapp-consent help <command>' for the details of one command.
Exit codes: 0 fine, 1 the data has errors (invalid number, violations), 2 usage or unreadable file.`,

  phone: `whatsapp-consent phone <number> [--region <CC>]

Prints normalizePhone(number, { defaultRegion }) as JSON (indented on a terminal).
  --region <CC>    region of a nationally written number (ISO 3166-1 alpha-2, e.g. DE)
Exit code 1 when the number is not valid.`,

  reply: `whatsapp-consent reply <text...> [--lang <l>] [--pending confirmation]

Prints parseReply(text, { lang, pending }) as JSON (indented on a terminal). Several words are
joined with spaces.
  --lang <l>            the conversation's language (ISO 639-1); detected when left out
  --pending <state>     what the business is waiting for (confirmation)`,

  audit: `whatsapp-consent audit <file|-> [options]

Checks every row of a file: a consent record (JSON with "schema": "whatsapp-consent/record@…")
is verified (verifyRecord: hash chain, state); anything else is a consent submission checked with
validateConsent. Rows with problems are printed on stdout, one line per violation:
  line 12: error PRE_TICKED checkboxes[0].preChecked: …
and a summary (rows, valid, with errors, with warnings, counts by code) on stderr. A row that
cannot be read (bad JSON, wrong number of CSV fields) is reported as MALFORMED_ROW with its line
number and the run goes on.

Options:
  --format <f>        csv | jsonl | json (a JSON array); default: from the extension
                      (.csv, .jsonl, .ndjson, .json; .gz is decompressed) or the content
  --json              one JSON object per row with problems on stdout instead of text lines
  --all               with --json: also the rows without problems
  --quiet             no per-row output, only the summary
  --html <file>       also write a self-contained HTML report (charts by code and by month
                      of collectedAt, the first rows with problems)
  --html-rows <n>     rows with problems listed in the HTML report (default 200)
  --now <iso>         check as of this instant (default: now), e.g. 2026-01-31T00:00:00Z
  --refresh-months <n>  STALE_CONSENT after n months (default 24)
  --jobs <n>          worker threads checking rows (default: one per core for files over
                      4 MB, else 1); the output keeps the file's order either way
  --no-progress       no progress bar (there is none anyway unless stderr is a terminal)

Exit code: 0 no errors (warnings allowed), 1 any row with an error, 2 usage or unreadable file.

CSV submissions: one row per submission, a header line, RFC 4180 (quotes, "" escapes, CRLF,
line breaks inside quotes, UTF-8 with or without BOM). Columns (header names are case-insensitive;
an empty cell is "not given"; booleans are true/false, yes/no or 1/0):
  phone, name, email, lang, country, age
  controller_name, controller_contact, privacy_policy_url
  promo_checked, promo_prechecked, promo_text, promo_text_version     (the marketing checkbox)
  trans_checked, trans_prechecked, trans_text, trans_text_version     (the order-updates checkbox)
  source_method (web_form|email_link|whatsapp_thread|import|paper|api), source_url,
  source_user_agent, source_ip, source_consent_channel
  collected_at (ISO 8601), parental_consent (boolean), parental_consent_given_by,
  parental_consent_method, parental_consent_at
Any other column with a value goes to extra.<column> (and is flagged as EXCESSIVE_DATA when the
record would not need it). A checkbox exists when one of its five cells has a value.`,

  convert: `whatsapp-consent convert <file|-> [--raw] [--format csv|jsonl|json]

Prints every row the way audit reads it, one JSON object per line: CSV rows become consent
submissions (see 'whatsapp-consent help audit' for the columns), so a CSV export can be checked
and turned into JSON Lines. Unreadable rows are reported on stderr with their line numbers.
  --raw      {"line": n, "row": {...}}: the columns (or JSON object) as read, with line numbers
Exit code 1 when a row could not be read.`,

  migrate: `whatsapp-consent migrate <email-list.csv|-> --business <number> --lang <l> \\
    --company <name> --contact <e-mail or address> --privacy-url <url> \\
    --records <records.jsonl> [--out <invitations.csv|.jsonl>] [options]

Plans moving an e-mail list to WhatsApp (planMigration, in batches of ${MIGRATE_BATCH}): never sends,
never copies the e-mail consent. For every contact it may invite, it writes the invitation e-mail
(subject, wa.me link carrying the double-opt-in token) and a pending consent record
(ConsentRequested) to keep until the person replies.

Input columns: email, name, phone, lang, country (region of a nationally written number),
email_consent (true/false, yes/no, subscribed/unsubscribed …), email_consent_at; other columns
are passed on. Only rows with an e-mail consent get an invitation.

Options:
  --business <number>   the business's WhatsApp number, international format (required)
  --lang <l>            language of contacts without a lang column (required)
  --company <name>      the controller's name (required)
  --contact <text>      the controller's contact (required)
  --privacy-url <url>   the privacy policy (required)
  --records <file>      pending records, JSON Lines (required: without them a reply cannot be
                        matched to its invitation)
  --out <file>          invitations: .csv (line, email, name, lang, subject, link, record_id) or
                        .jsonl (also text and html); default: JSON Lines on stdout
  --region <CC>         region for numbers of rows without a country
  --purposes <list>     promo,trans (default: the engine's)
  --all-subscribed      the list is an export of subscribers only: a row without an
                        email_consent (or consent/status) value counts as consented to e-mails.
                        Without it such rows are skipped: an invitation e-mail is advertising too
  --format <f>          csv | jsonl | json (default: from the extension)
  --now <iso>           plan as of this instant
  --no-progress         no progress bar

Skipped rows and errors are reported on stderr with their line numbers. Exit code 1 when any
row is an error (the files are still complete), 2 for usage or unreadable input.`,
};

// ------------------------------------------------------------------------------------------------
// Reading: bytes → text (UTF-8, checked) → rows with line numbers, in batches per chunk.

function openInput(path) {
  if (path === '-') return { stream: process.stdin, size: null, name: 'stdin' };
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    if (err.code === 'ENOENT') throw new InputError(`${path}: no such file`);
    if (err.code === 'EACCES') throw new InputError(`${path}: permission denied`);
    throw new InputError(`${path}: ${err.message}`);
  }
  if (st.isDirectory()) throw new InputError(`${path}: is a directory, not a file`);
  return { stream: createReadStream(path, { highWaterMark: CHUNK }), size: st.isFile() ? st.size : null, name: path };
}

function hasNul(bytes) {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return i;
  return -1;
}

// Yields the raw bytes, counting them for the progress bar.
async function* counted(stream, meter) {
  for await (const bytes of stream) {
    meter.bytes += bytes.length;
    yield bytes;
  }
}

// Gzip (recognised by its magic bytes, whatever the name) is decompressed on the way.
async function* decompressed(bytes) {
  const it = bytes[Symbol.asyncIterator]();
  const head = await it.next();
  if (head.done) return;
  if (head.value[0] !== 0x1f || head.value[1] !== 0x8b) {
    yield head.value;
    yield* { [Symbol.asyncIterator]: () => it };
    return;
  }
  const gunzip = createGunzip({ chunkSize: CHUNK });
  (async () => {
    try {
      for (let r = head; !r.done; r = await it.next()) {
        if (!gunzip.write(r.value)) await once(gunzip, 'drain');
      }
      gunzip.end();
    } catch (err) {
      gunzip.destroy(err);
    }
  })();
  yield* gunzip;
}

// Yields the file's text chunk by chunk: refuses binary, UTF-16 and invalid UTF-8 with a clear
// message (a Latin-1 export would otherwise turn names into mojibake without a word).
async function* textChunks(input, meter) {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const bytes of decompressed(counted(input.stream, meter))) {
      if (offset === 0) {
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
          throw new InputError(`${input.name}: the file is UTF-16 ("Unicode text"); save it as UTF-8 (CSV UTF-8 in Excel)`);
        }
        const nul = hasNul(bytes);
        if (nul >= 0) throw new InputError(`${input.name}: binary data (a NUL byte at offset ${nul}), not CSV or JSON text`);
      }
      let text;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw new InputError(`${input.name}: not valid UTF-8 (between bytes ${offset} and ${offset + bytes.length}); save the file as UTF-8`);
      }
      offset += bytes.length;
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (err) {
    if (err instanceof TypeError && err.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new InputError(`${input.name}: not valid UTF-8 (the file ends inside a character)`);
    }
    throw readError(input.name, err);
  }
}

function readError(name, err) {
  if (err instanceof InputError) return err;
  if (err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR') return new InputError(`${name}: damaged gzip data (${err.message})`);
  if (err.code === 'EISDIR') return new InputError(`${name}: is a directory, not a file`);
  return new InputError(`${name}: cannot read: ${err.message}`);
}

const malformed = (line, message) => ({ line, error: { code: 'MALFORMED_ROW', message } });

// JSON rows arrive as text ({ line, text }) and are parsed where they are used, so that the
// parsing is spread over the audit's worker threads too.
const parsed = (row) => (row.text === undefined ? row : parseJsonRow(row.text, row.line));

function parseJsonRow(text, line) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return malformed(line, `not valid JSON: ${err.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return malformed(line, `expected a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return { line, value };
}

// JSON Lines: one object per line; blank lines are skipped but counted.
class JsonLines {
  constructor() {
    this.rest = '';
    this.line = 0; // lines completed so far
    this.skipping = false;
  }

  push(text, out) {
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.line++;
      this.skipping = false;
      text = text.slice(nl + 1);
    }
    const buf = this.rest ? this.rest + text : text;
    let start = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', start)) {
      this.line++;
      this.row(buf, start, nl, out);
      start = nl + 1;
    }
    this.rest = start === 0 ? buf : buf.slice(start);
    if (this.rest.length > MAX_ROW_CHARS) {
      out.push(malformed(this.line + 1, `line longer than ${MAX_ROW_CHARS / 1048576} MiB; skipped`));
      this.rest = '';
      this.skipping = true;
    }
  }

  row(buf, start, end, out) {
    if (end > start && buf.charCodeAt(end - 1) === 13) end--;
    let s = start;
    while (s < end && (buf.charCodeAt(s) <= 32)) s++;
    if (s === end) return;
    out.push({ line: this.line, text: buf.slice(s, end) });
  }

  end(out) {
    if (this.skipping) return;
    if (this.rest) {
      this.line++;
      this.row(this.rest, 0, this.rest.length, out);
      this.rest = '';
    }
  }
}

// A JSON array of objects, split element by element without holding the whole array.
class JsonArray {
  constructor(name) {
    this.name = name;
    this.state = 0; // 0 before '[', 1 expecting an element, 2 in an element, 3 after one, 4 after ']'
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.parts = [];
    this.size = 0;
    this.line = 1;
    this.elementLine = 1;
    this.count = 0;
  }

  push(text, out) {
    let segment = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.line++;
      if (this.state === 2) {
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === 92) this.escape = true;
          else if (c === 34) this.inString = false;
          continue;
        }
        if (c === 34) this.inString = true;
        else if (c === 123 || c === 91) this.depth++;
        else if ((c === 125 || c === 93) && this.depth > 0) this.depth--;
        else if (this.depth === 0 && (c === 44 || c === 93)) {
          this.parts.push(text.slice(segment < 0 ? 0 : segment, i));
          out.push({ line: this.elementLine, text: this.parts.join('') });
          this.parts = [];
          this.size = 0;
          segment = -1;
          this.state = c === 44 ? 1 : 4;
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (this.state === 0) {
        if (c !== 91) throw new InputError(`${this.name}: line ${this.line}: expected a JSON array ('['), found '${text[i]}'`);
        this.state = 1;
      } else if (this.state === 1 || this.state === 3) {
        if (c === 93 && this.count === 0) { this.state = 4; continue; }
        if (this.state === 3) throw new InputError(`${this.name}: line ${this.line}: expected ',' or ']' in the JSON array`);
        this.state = 2;
        this.count++;
        this.elementLine = this.line;
        segment = i;
        i--; // read this character again as the element's first
        if (c === 10) this.line--;
      } else if (this.state === 4) {
        throw new InputError(`${this.name}: line ${this.line}: text after the end of the JSON array`);
      }
    }
    if (this.state === 2) {
      const piece = text.slice(segment < 0 ? 0 : segment);
      this.parts.push(piece);
      this.size += piece.length;
      if (this.size > MAX_ROW_CHARS) {
        throw new InputError(`${this.name}: the array element starting on line ${this.elementLine} is longer than ${MAX_ROW_CHARS / 1048576} MiB`);
      }
    }
  }

  end() {
    if (this.state === 0) return; // empty file: no rows
    if (this.state !== 4) throw new InputError(`${this.name}: the JSON array is not closed (the file ends on line ${this.line})`);
  }
}

// RFC 4180 CSV: quoted fields with commas, "" escapes and line breaks, CRLF or LF. Each record
// carries the line it starts on. Lenient where it is safe (a quote inside an unquoted field is a
// character), a row error where data would shift (text after a closing quote).
class Csv {
  constructor(name) {
    this.name = name;
    this.fields = [];
    this.field = '';
    this.state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 after a closing quote
    this.line = 1;
    this.rowLine = 1;
    this.pendingCR = false;
    this.rowError = null;
    this.rowChars = 0;
  }

  push(text, out) {
    const n = text.length;
    let i = 0;
    if (this.pendingCR) {
      this.pendingCR = false;
      if (n > 0 && text.charCodeAt(0) === 10) i = 1;
    }
    while (i < n) {
      const state = this.state;
      if (state === 2) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? n : q;
        this.append(text, i, stop);
        for (let k = text.indexOf('\n', i); k >= 0 && k < stop; k = text.indexOf('\n', k + 1)) this.line++;
        if (q < 0) break;
        this.state = 3;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (state === 3) {
        if (c === 34) {
          this.field += '"';
          this.state = 2;
          i++;
          continue;
        }
        if (c !== 44 && c !== 10 && c !== 13) {
          this.rowError ??= `text after a closing quote on line ${this.line} (a field with quotes must be quoted whole, with "" for a quote)`;
          this.state = 1;
          continue;
        }
      } else if (state === 0 && c === 34) {
        this.state = 2;
        i++;
        continue;
      }
      if (c === 44) {
        this.fields.push(this.field);
        this.field = '';
        this.state = 0;
        i++;
      } else if (c === 10 || c === 13) {
        this.endRecord(out);
        this.line++;
        this.rowLine = this.line;
        i++;
        if (c === 13) {
          if (i < n) {
            if (text.charCodeAt(i) === 10) i++;
          } else this.pendingCR = true;
        }
      } else {
        // An unquoted run up to the next separator.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        this.append(text, i, j);
        this.state = 1;
        i = j;
      }
    }
  }

  append(text, from, to) {
    if (to <= from) return;
    this.field += text.slice(from, to);
    this.rowChars += to - from;
    if (this.rowChars > MAX_ROW_CHARS) {
      throw new InputError(`${this.name}: the CSV record starting on line ${this.rowLine} is longer than ${MAX_ROW_CHARS / 1048576} MiB (a quote that is never closed?)`);
    }
  }

  endRecord(out) {
    this.fields.push(this.field);
    const fields = this.fields;
    const blank = fields.length === 1 && fields[0] === '' && this.state === 0;
    if (!blank) out.push(this.rowError ? { line: this.rowLine, fields, error: this.rowError } : { line: this.rowLine, fields });
    this.fields = [];
    this.field = '';
    this.state = 0;
    this.rowError = null;
    this.rowChars = 0;
  }

  end(out) {
    if (this.state === 2) {
      out.push({ line: this.rowLine, fields: [], error: `the quoted field opened on line ${this.rowLine} is never closed (the file ends inside it)` });
      return;
    }
    if (this.state !== 0 || this.fields.length > 0 || this.field !== '') this.endRecord(out);
  }
}

function formatFromName(name) {
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (base.endsWith('.csv')) return 'csv';
  if (base.endsWith('.jsonl') || base.endsWith('.ndjson')) return 'jsonl';
  if (base.endsWith('.json')) return 'json?';
  return null;
}

const FORMATS = ['csv', 'jsonl', 'json'];

/**
 * Streams the rows of a file in batches (one per chunk read). Each row: { line, value } (an
 * object: JSON as it is, CSV as { column: text }) or { line, error: { code, message } }.
 * Throws InputError for what makes the whole file unreadable.
 */
async function* readRows(path, { format, meter, requiredColumn } = {}) {
  const input = openInput(path);
  meter.size = input.size;
  let guess = format ?? (path === '-' ? null : formatFromName(path));
  let parser = null;
  let header = null;
  let blank = ''; // leading whitespace, kept for the line numbers until the format is known
  for await (let text of textChunks(input, meter)) {
    if (!parser) {
      if (!guess || guess === 'json?') {
        const first = text.trimStart()[0];
        if (first === undefined) {
          blank += text;
          continue;
        }
        guess = first === '[' ? 'json' : first === '{' || guess === 'json?' ? 'jsonl' : 'csv';
      }
      parser = guess === 'csv' ? new Csv(input.name) : guess === 'json' ? new JsonArray(input.name) : new JsonLines();
      meter.format = guess;
      text = blank + text;
    }
    const out = [];
    parser.push(text, out);
    if (guess === 'csv') {
      if (!header) {
        if (!out.length) continue; // the header line goes on in the next chunk
        header = takeHeader(out, input.name, requiredColumn);
      }
      yield csvObjects(out, header);
    } else yield out;
  }
  if (!parser) {
    if (guess === 'csv' || blank) throw new InputError(`${input.name}: the file is empty${guess === 'csv' ? ' (a CSV file needs a header line)' : ''}`);
    meter.format = guess ?? 'jsonl';
    return;
  }
  const out = [];
  parser.end(out);
  if (guess === 'csv') {
    if (!header && out.length) header = takeHeader(out, input.name, requiredColumn);
    if (!header) throw new InputError(`${input.name}: the file is empty (a CSV file needs a header line)`);
    yield csvObjects(out, header);
  } else yield out;
}

function takeHeader(rows, name, requiredColumn) {
  const first = rows.shift();
  if (first.error) throw new InputError(`${name}: line ${first.line}: the CSV header cannot be read: ${first.error}`);
  const names = first.fields.map((f) => f.trim());
  const keys = names.map((f) => f.toLowerCase());
  const seen = new Set();
  keys.forEach((k, i) => {
    if (!k) throw new InputError(`${name}: line ${first.line}: CSV header column ${i + 1} has no name`);
    if (seen.has(k)) throw new InputError(`${name}: line ${first.line}: CSV header names the column '${names[i]}' twice`);
    seen.add(k);
  });
  if (requiredColumn && !seen.has(requiredColumn)) {
    throw new InputError(`${name}: the CSV header has no '${requiredColumn}' column (found: ${names.join(', ')}); 'whatsapp-consent help' lists the columns`);
  }
  return { names, keys };
}

function csvObjects(rows, header) {
  const out = new Array(rows.length);
  const { keys } = header;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.error) {
      out[r] = malformed(row.line, row.error);
    } else if (row.fields.length !== keys.length) {
      out[r] = malformed(row.line, `${row.fields.length} fields, the header has ${keys.length}`);
    } else {
      const value = {};
      for (let i = 0; i < keys.length; i++) value[keys[i]] = row.fields[i];
      out[r] = { line: row.line, value, names: header.names };
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Progress bar: only on a terminal, at most ten redraws a second.

class Progress {
  constructor(enabled, label, meter) {
    this.enabled = enabled;
    this.label = label;
    this.meter = meter;
    this.started = Date.now();
    this.last = 0;
    this.shown = false;
  }

  tick(rows) {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const { bytes, size } = this.meter;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? rows / seconds : 0;
    let bar = '';
    let tail = '';
    if (size) {
      const f = Math.min(1, bytes / size);
      const width = 24;
      const full = Math.round(f * width);
      bar = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}% `;
      if (f > 0.01 && f < 1) tail = `  ETA ${Math.max(0, Math.round(seconds / f - seconds))}s`;
      tail = `  ${mb(bytes)}/${mb(size)}${tail}`;
    }
    const line = `${this.label} ${bar}${fmt(rows)} rows  ${fmt(Math.round(rate))} rows/s${tail}`;
    const cols = process.stderr.columns || 100;
    process.stderr.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
    this.shown = true;
  }

  clear() {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
    this.last = 0;
  }
}

const fmt = (n) => n.toLocaleString('en-US');
const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;
const mb = (b) => `${(b / 1048576).toFixed(b < 10485760 ? 1 : 0)} MB`;

async function write(stream, text) {
  if (text && !stream.write(text)) await once(stream, 'drain');
}

// ------------------------------------------------------------------------------------------------
// audit

const BOOL_TRUE = new Set(['true', 'yes', '1', 'y']);
const BOOL_FALSE = new Set(['false', 'no', '0', 'n']);
// Unreadable values go through as text, for the validator to name (INVALID_FIELD).
function bool(s) {
  const t = s.trim().toLowerCase();
  if (BOOL_TRUE.has(t)) return true;
  if (BOOL_FALSE.has(t)) return false;
  return s;
}

const PURPOSES = ['promo', 'trans'];
const BOX_COLUMNS = { checked: 'checked', prechecked: 'preChecked', text: 'text', text_version: 'textVersion' };
const TOP_COLUMNS = { phone: 'phone', name: 'name', email: 'email', lang: 'lang', country: 'country', collected_at: 'collectedAt', privacy_policy_url: 'privacyPolicyUrl' };
const SOURCE_COLUMNS = { source_method: 'method', source_url: 'url', source_user_agent: 'userAgent', source_ip: 'ip', source_consent_channel: 'consentChannel' };
const KNOWN_COLUMNS = new Set([
  ...Object.keys(TOP_COLUMNS), ...Object.keys(SOURCE_COLUMNS), 'age', 'controller_name', 'controller_contact',
  'parental_consent', 'parental_consent_given_by', 'parental_consent_method', 'parental_consent_at',
  ...PURPOSES.flatMap((p) => Object.keys(BOX_COLUMNS).map((c) => `${p}_${c}`)),
]);

/** A CSV row (column → text) as a ConsentSubmission, and where each checkbox came from. */
function csvSubmission(row, names) {
  const sub = {};
  for (const [col, key] of Object.entries(TOP_COLUMNS)) if (row[col]) sub[key] = row[col];
  if (row.age) sub.age = /^\s*\d+\s*$/.test(row.age) ? Number(row.age) : row.age;
  if (row.controller_name || row.controller_contact) {
    sub.controller = {};
    if (row.controller_name) sub.controller.name = row.controller_name;
    if (row.controller_contact) sub.controller.contact = row.controller_contact;
  }
  const boxes = [];
  for (const purpose of PURPOSES) {
    const box = { purpose };
    let any = false;
    for (const [suffix, key] of Object.entries(BOX_COLUMNS)) {
      const v = row[`${purpose}_${suffix}`];
      if (!v) continue;
      any = true;
      box[key] = suffix === 'checked' || suffix === 'prechecked' ? bool(v) : v;
    }
    if (any) boxes.push(box);
  }
  sub.checkboxes = boxes;
  const source = {};
  let anySource = false;
  for (const [col, key] of Object.entries(SOURCE_COLUMNS)) {
    if (row[col]) {
      source[key] = row[col];
      anySource = true;
    }
  }
  if (anySource) sub.source = source;
  if (row.parental_consent_given_by || row.parental_consent_method || row.parental_consent_at) {
    sub.parentalConsent = { givenBy: row.parental_consent_given_by, method: row.parental_consent_method, at: row.parental_consent_at };
  } else if (row.parental_consent) sub.parentalConsent = bool(row.parental_consent);
  let extra = null;
  const keys = Object.keys(row);
  for (let i = 0; i < keys.length; i++) {
    if (KNOWN_COLUMNS.has(keys[i]) || !row[keys[i]]) continue;
    (extra ??= {})[names[i]] = row[keys[i]];
  }
  if (extra) sub.extra = extra;
  return { sub, purposes: boxes.map((b) => b.purpose) };
}

/** The CSV column a violation's field names, so a CSV user sees the column, not the JSON path. */
function csvColumn(field, purposes) {
  if (!field) return null;
  for (const [col, key] of Object.entries(TOP_COLUMNS)) if (field === key) return col;
  for (const [col, key] of Object.entries(SOURCE_COLUMNS)) if (field === `source.${key}`) return col;
  if (field === 'controller.name' || field === 'controller.contact') return field.replace('.', '_');
  if (field === 'controller') return 'controller_name';
  if (field === 'source') return 'source_method';
  if (field === 'age') return 'age';
  if (field.startsWith('parentalConsent')) return field === 'parentalConsent' ? 'parental_consent' : `parental_consent_${field.slice(16).replace('givenBy', 'given_by')}`;
  if (field.startsWith('extra.')) return field.slice(6);
  const m = /^checkboxes\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m && purposes[+m[1]]) {
    const suffix = Object.entries(BOX_COLUMNS).find(([, k]) => k === m[2])?.[0];
    return suffix ? `${purposes[+m[1]]}_${suffix}` : `${purposes[+m[1]]}_checked`;
  }
  return null;
}

function isRecord(value) {
  return typeof value.schema === 'string' && value.schema.startsWith('whatsapp-consent/record');
}

const monthOf = (at) => (typeof at === 'string' && /^\d{4}-\d{2}/.test(at) ? at.slice(0, 7) : 'unknown');

// The report may travel further than the data: numbers are shown with most digits hidden.
function maskPhone(p) {
  if (typeof p !== 'string' || !p) return '';
  const s = p.replace(/\s+/g, '');
  if (s.length < 10) return `${'•'.repeat(Math.max(3, s.length - 2))}${s.slice(-2)}`;
  return `${s.slice(0, 4)}${'•'.repeat(s.length - 7)}${s.slice(-3)}`;
}

function requireEngine(...names) {
  const missing = names.filter((n) => typeof wc[n] !== 'function');
  if (missing.length) {
    throw new InputError(`this build of whatsapp-consent has no consent engine (${missing.join(', ')} missing); update the package`);
  }
}

/** Checks one row; returns { type, violations, valid, e164, month, phone, id }. */
function auditRow(row, now, policy) {
  if (row.error) {
    return { type: 'malformed', valid: false, violations: [{ code: row.error.code, severity: 'error', message: row.error.message, rule: 'file format', field: null }], month: 'unknown' };
  }
  const value = row.value;
  try {
    if (!row.names && isRecord(value)) {
      const v = wc.verifyRecord(value);
      // RECORD_TAMPERED is the engine's own error for such a record; the problem's code stays in the message.
      const violations = v.problems.map((p) => ({
        code: p.code === 'MALFORMED' ? 'RECORD_MALFORMED' : 'RECORD_TAMPERED',
        severity: 'error',
        message: `${p.code}: ${p.message}`,
        rule: 'tamper-evident record (GDPR Art. 7(1): demonstrate consent)',
        field: p.seq == null ? null : `events[${p.seq}]`,
      }));
      return { type: 'record', valid: v.valid, violations, id: value.id ?? null, phone: value.phone, month: monthOf(value.events?.[0]?.at) };
    }
    let sub = value;
    let purposes = null;
    if (row.names) ({ sub, purposes } = csvSubmission(value, row.names));
    const v = wc.validateConsent(sub, { now, policy });
    if (purposes) for (const x of v.violations) x.column = csvColumn(x.field, purposes);
    return { type: 'submission', valid: v.valid, violations: v.violations, e164: v.e164, jurisdiction: v.jurisdiction, phone: sub.phone, month: monthOf(sub.collectedAt) };
  } catch (err) {
    const code = typeof err?.code === 'string' ? err.code : 'INTERNAL_ERROR';
    return { type: 'malformed', valid: false, violations: [{ code, severity: 'error', message: err?.message ?? String(err), rule: 'engine', field: null }], month: 'unknown' };
  }
}

async function audit(argv) {
  const { values, positionals } = parse(argv, {
    format: { type: 'string' },
    json: { type: 'boolean' },
    all: { type: 'boolean' },
    quiet: { type: 'boolean' },
    html: { type: 'string' },
    'html-rows': { type: 'string' },
    now: { type: 'string' },
    'refresh-months': { type: 'string' },
    jobs: { type: 'string' },
    'no-progress': { type: 'boolean' },
    progress: { type: 'boolean' }, // hidden: draw the bar even when stderr is no terminal (tests)
    stats: { type: 'boolean' }, // hidden: throughput and peak memory for bench/cli.mjs
  }, 'audit');
  if (positionals.length !== 1) throw new UsageError('audit takes one file (or - for stdin)');
  const file = positionals[0];
  const format = checkFormat(values.format);
  const now = instant(values.now);
  const policy = values['refresh-months'] ? { refreshMonths: positiveInt(values['refresh-months'], '--refresh-months') } : undefined;
  const htmlRows = values['html-rows'] ? positiveInt(values['html-rows'], '--html-rows') : 200;
  requireEngine('validateConsent', 'verifyRecord');

  const jobs = values.jobs === undefined ? null : positiveInt(values.jobs, '--jobs');
  const report = values.html ? outFile(values.html) : null;
  const ctx = { now, policy, html: Boolean(values.html), htmlRows, json: Boolean(values.json), all: Boolean(values.all), quiet: Boolean(values.quiet) };

  const meter = { bytes: 0, size: null, format: null };
  const progress = new Progress(!values['no-progress'] && (values.progress || process.stderr.isTTY === true), 'audit', meter);
  const s = newStats();
  const started = process.hrtime.bigint();
  const stdoutTTY = process.stdout.isTTY === true;
  const rows = readRows(file, { format, meter, requiredColumn: 'phone' });
  // Output, the summary and the early stop all see the batches in file order.
  const take = async (out, part) => {
    if (part) mergeStats(s, part, htmlRows);
    // A file that is not what its name says: every one of the first rows broken.
    if (s.rows >= 20 && s.malformed === s.rows && meter.format !== 'csv') {
      throw new InputError(`${file}: none of the first ${s.rows} rows is a JSON object; is this really ${meter.format === 'json' ? 'a JSON array' : 'JSON Lines'}? (see --format)`);
    }
    if (out) {
      if (stdoutTTY) progress.clear();
      await write(process.stdout, out);
    }
    progress.tick(s.rows);
  };
  const threads = jobs ?? (inputSize(file) > PARALLEL_BYTES ? defaultJobs() : 1);
  try {
    if (threads > 1) await auditParallel(rows, ctx, threads, take);
    else for await (const batch of rows) await take(auditBatch(batch, ctx, s));
  } catch (err) {
    report?.abort();
    throw err;
  } finally {
    progress.clear();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  process.stderr.write(summaryText(s, file, meter.format));
  if (values.html) {
    report.stream.write(htmlReport(s, { file, format: meter.format, now: values.now ?? new Date(now).toISOString(), htmlRows }));
    await report.close();
    process.stderr.write(`report: ${values.html}\n`);
  }
  if (values.stats) {
    process.stderr.write(`stats ${JSON.stringify({ rows: s.rows, seconds: +seconds.toFixed(3), rowsPerSecond: Math.round(s.rows / seconds), threads, ...usage() })}\n`);
  }
  return s.errors ? 1 : 0;
}

// Peak memory and CPU time of the whole process (all threads), for bench/cli.mjs.
function usage() {
  const u = process.resourceUsage();
  return { maxRssKiB: u.maxRSS, cpuSeconds: +((u.userCPUTime + u.systemCPUTime) / 1e6).toFixed(3) };
}

const newStats = () => ({ rows: 0, valid: 0, errors: 0, warnings: 0, malformed: 0, records: 0, submissions: 0, codes: new Map(), months: new Map(), sample: [] });

function mergeStats(s, part, htmlRows) {
  for (const k of ['rows', 'valid', 'errors', 'warnings', 'malformed', 'records', 'submissions']) s[k] += part[k];
  for (const [code, c] of part.codes) {
    const t = s.codes.get(code);
    if (t) {
      t.error += c.error;
      t.warning += c.warning;
    } else s.codes.set(code, c);
  }
  for (const [month, m] of part.months) {
    const t = s.months.get(month);
    if (t) {
      t.error += m.error;
      t.warning += m.warning;
    } else s.months.set(month, m);
  }
  for (const r of part.sample) if (s.sample.length < htmlRows) s.sample.push(r);
}

/** Audits a batch of rows into the counters `s`; returns the batch's stdout text. */
function auditBatch(batch, ctx, s) {
  let out = '';
  for (const raw of batch) {
    const row = parsed(raw);
    const r = auditRow(row, ctx.now, ctx.policy);
    s.rows++;
    if (r.type === 'record') s.records++;
    else if (r.type === 'submission') s.submissions++;
    else s.malformed++;
    if (r.valid) s.valid++;
    let errors = 0;
    let warnings = 0;
    for (const v of r.violations) {
      if (v.severity === 'error') errors++;
      else warnings++;
      let c = s.codes.get(v.code);
      if (!c) s.codes.set(v.code, (c = { error: 0, warning: 0, rule: v.rule }));
      c[v.severity === 'error' ? 'error' : 'warning']++;
    }
    if (errors) s.errors++;
    if (warnings) s.warnings++;
    if (r.violations.length) {
      let m = s.months.get(r.month);
      if (!m) s.months.set(r.month, (m = { error: 0, warning: 0 }));
      m.error += errors;
      m.warning += warnings;
      if (ctx.html && s.sample.length < ctx.htmlRows) s.sample.push({ line: row.line, ...r });
    }
    if (ctx.quiet) continue;
    if (ctx.json) {
      if (r.violations.length || ctx.all) {
        const o = { line: row.line, type: r.type, valid: r.valid };
        if (r.type === 'submission') Object.assign(o, { e164: r.e164, jurisdiction: r.jurisdiction });
        if (r.type === 'record') o.id = r.id;
        o.violations = r.violations;
        out += JSON.stringify(o) + '\n';
      }
    } else {
      for (const v of r.violations) {
        const where = v.column ?? v.field;
        out += `line ${row.line}: ${v.severity} ${v.code}${where ? ` ${where}` : ''}: ${v.message}\n`;
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Worker threads for audit: validateConsent is the cost (tens of µs a row), so the rows of a
// large file are checked on every core. The main thread reads and splits, workers parse and
// check, results are taken in file order; at most two batches per worker are in flight, so
// memory stays constant.

const PARALLEL_BYTES = 4 * 1024 * 1024;
const defaultJobs = () => Math.max(1, Math.min(availableParallelism(), 8));

function inputSize(file) {
  try {
    return file === '-' ? Infinity : statSync(file).size;
  } catch {
    return 0; // readRows reports it
  }
}

async function auditParallel(rows, ctx, threads, take) {
  const workers = [];
  const waiting = new Map(); // seq → { resolve, reject }
  let failure = null;
  let closing = false;
  for (let i = 0; i < threads; i++) {
    // A capped young generation keeps each worker's heap from growing with the run.
    const w = new Worker(new URL(import.meta.url), { workerData: { role: 'audit', ctx }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    w.on('message', (m) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m);
    });
    const fail = (err) => {
      failure ??= err;
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => {
      if (!closing) fail(new Error(`an audit worker stopped (exit code ${code})`));
    });
    workers.push(w);
  }
  const inFlight = [];
  let seq = 0;
  try {
    for await (const batch of rows) {
      if (failure) throw failure;
      if (!batch.length) continue;
      const id = seq++;
      inFlight.push(new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % threads].postMessage({ seq: id, rows: batch });
      }));
      if (inFlight.length >= threads * 2) {
        const m = await inFlight.shift();
        await take(m.out, m.stats);
      }
    }
    while (inFlight.length) {
      const m = await inFlight.shift();
      await take(m.out, m.stats);
    }
  } finally {
    // Settle what is left (an early stop) before the workers go.
    closing = true;
    for (const p of inFlight) p.catch(() => {});
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function workerMain() {
  const { ctx } = workerData;
  parentPort.on('message', ({ seq, rows }) => {
    try {
      const stats = newStats();
      const out = auditBatch(rows, ctx, stats);
      parentPort.postMessage({ seq, out, stats });
    } catch (err) {
      parentPort.postMessage({ seq, error: err?.stack ?? String(err) });
    }
  });
}

function summaryText(s, file, format) {
  const lines = [
    `audit of ${file === '-' ? 'stdin' : file} (${format ?? 'empty'}): ${plural(s.rows, 'row')} (${plural(s.submissions, 'submission')}, ${plural(s.records, 'record')}${s.malformed ? `, ${fmt(s.malformed)} unreadable` : ''})`,
    `  valid          ${fmt(s.valid)}`,
    `  with errors    ${fmt(s.errors)}`,
    `  with warnings  ${fmt(s.warnings)}`,
  ];
  const codes = [...s.codes].sort((a, b) => b[1].error + b[1].warning - (a[1].error + a[1].warning) || a[0].localeCompare(b[0]));
  if (codes.length) {
    lines.push('  by code:');
    const w = Math.max(...codes.map(([c]) => c.length));
    for (const [code, c] of codes) {
      const parts = [];
      if (c.error) parts.push(`${fmt(c.error)} error${c.error === 1 ? '' : 's'}`);
      if (c.warning) parts.push(`${fmt(c.warning)} warning${c.warning === 1 ? '' : 's'}`);
      lines.push(`    ${code.padEnd(w)}  ${parts.join(', ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

// ------------------------------------------------------------------------------------------------
// The HTML report: one file, inline CSS and SVG, no script, nothing fetched.

const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const RED = '#c0392b';
const AMBER = '#d68910';

function barsByCode(codes) {
  const rows = [...codes].sort((a, b) => b[1].error + b[1].warning - (a[1].error + a[1].warning) || a[0].localeCompare(b[0]));
  if (!rows.length) return '<p>No violations.</p>';
  const max = Math.max(...rows.map(([, c]) => c.error + c.warning));
  const label = 250;
  const width = 520;
  const h = 24;
  const svgH = rows.length * h + 10;
  let body = '';
  rows.forEach(([code, c], i) => {
    const y = i * h + 5;
    const we = (c.error / max) * width;
    const ww = (c.warning / max) * width;
    body += `<text x="${label - 8}" y="${y + 16}" text-anchor="end">${esc(code)}</text>`;
    if (c.error) body += `<rect x="${label}" y="${y + 3}" width="${we.toFixed(1)}" height="${h - 7}" fill="${RED}"><title>${esc(code)}: ${c.error} errors</title></rect>`;
    if (c.warning) body += `<rect x="${(label + we).toFixed(1)}" y="${y + 3}" width="${ww.toFixed(1)}" height="${h - 7}" fill="${AMBER}"><title>${esc(code)}: ${c.warning} warnings</title></rect>`;
    body += `<text x="${(label + we + ww + 6).toFixed(1)}" y="${y + 16}">${fmt(c.error + c.warning)}</text>`;
  });
  return `<svg role="img" aria-label="Violations by code" viewBox="0 0 ${label + width + 80} ${svgH}" width="${label + width + 80}" height="${svgH}" class="chart">${body}</svg>`;
}

function barsByMonth(months) {
  const keys = [...months.keys()].sort((a, b) => (a === 'unknown') - (b === 'unknown') || a.localeCompare(b));
  if (!keys.length) return '<p>No violations.</p>';
  const max = Math.max(...keys.map((k) => months.get(k).error + months.get(k).warning));
  const bw = Math.max(8, Math.min(40, Math.floor(900 / keys.length)));
  const gap = 4;
  const chartH = 200;
  const left = 40;
  const width = left + keys.length * (bw + gap) + 10;
  const every = Math.ceil(keys.length / Math.floor(900 / 60)) || 1;
  let body = `<line x1="${left}" y1="${chartH + 5}" x2="${width}" y2="${chartH + 5}" stroke="#888"/>`;
  body += `<text x="${left - 6}" y="15" text-anchor="end">${fmt(max)}</text><text x="${left - 6}" y="${chartH + 5}" text-anchor="end">0</text>`;
  keys.forEach((k, i) => {
    const m = months.get(k);
    const x = left + i * (bw + gap);
    const he = (m.error / max) * (chartH - 5);
    const hw = (m.warning / max) * (chartH - 5);
    const yE = chartH + 5 - he;
    if (m.error) body += `<rect x="${x}" y="${yE.toFixed(1)}" width="${bw}" height="${he.toFixed(1)}" fill="${RED}"><title>${esc(k)}: ${m.error} errors</title></rect>`;
    if (m.warning) body += `<rect x="${x}" y="${(yE - hw).toFixed(1)}" width="${bw}" height="${hw.toFixed(1)}" fill="${AMBER}"><title>${esc(k)}: ${m.warning} warnings</title></rect>`;
    if (i % every === 0) body += `<text x="${x + bw / 2}" y="${chartH + 20}" text-anchor="end" transform="rotate(-45 ${x + bw / 2} ${chartH + 20})">${esc(k)}</text>`;
  });
  const h = chartH + 70;
  return `<svg role="img" aria-label="Violations by month of collectedAt" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" class="chart">${body}</svg>`;
}

function htmlReport(s, { file, format, now, htmlRows }) {
  const codes = [...s.codes].sort((a, b) => a[0].localeCompare(b[0]));
  const card = (label, n, cls = '') => `<div class="card ${cls}"><div class="n">${fmt(n)}</div><div>${esc(label)}</div></div>`;
  const sample = s.sample.map((r) => `<tr><td class="num">${r.line}</td><td>${esc(r.type)}</td><td>${esc(r.type === 'record' ? r.id ?? '' : maskPhone(r.e164 ?? r.phone))}</td><td>${esc(r.month)}</td><td><ul>${
    r.violations.map((v) => `<li><span class="sev ${v.severity === 'error' ? 'e' : 'w'}">${esc(v.severity)}</span> <code>${esc(v.code)}</code>${v.column ?? v.field ? ` <code class="f">${esc(v.column ?? v.field)}</code>` : ''} ${esc(v.message)}</li>`).join('')
  }</ul></td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consent audit: ${esc(basename(file))}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.meta{color:#666}.cards{display:flex;gap:1em;flex-wrap:wrap;margin:1.2em 0}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1.1em;min-width:8em}.card .n{font-size:1.6em;font-weight:600}
.card.e .n{color:${RED}}.card.w .n{color:${AMBER}}.card.ok .n{color:#1e8449}
.chart{max-width:100%;height:auto;font-size:12px;font-family:ui-monospace,Menlo,Consolas,monospace}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #eee;padding:.35em .5em;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}td ul{margin:0;padding-left:1em}
.sev{font-size:.8em;font-weight:600;text-transform:uppercase;padding:0 .35em;border-radius:3px;color:#fff}.sev.e{background:${RED}}.sev.w{background:${AMBER}}
code.f{color:#555}.legend span{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .3em 0 1em}
</style></head><body>
<h1>Consent audit</h1>
<p class="meta">${esc(file)} (${esc(format ?? 'empty')}) &middot; checked as of ${esc(now)} &middot; whatsapp-consent ${esc(version())}</p>
<div class="cards">${card('rows', s.rows)}${card('valid', s.valid, 'ok')}${card('with errors', s.errors, 'e')}${card('with warnings', s.warnings, 'w')}${s.malformed ? card('unreadable rows', s.malformed, 'e') : ''}${card('consent records', s.records)}</div>
<p class="legend"><span style="background:${RED}"></span>errors<span style="background:${AMBER}"></span>warnings</p>
<h2>Violations by code</h2>
${barsByCode(s.codes)}
<h2>Violations by month of collection</h2>
${barsByMonth(s.months)}
<h2>Codes</h2>
<table><thead><tr><th>code</th><th>errors</th><th>warnings</th><th>rule</th></tr></thead><tbody>
${codes.map(([code, c]) => `<tr><td><code>${esc(code)}</code></td><td class="num">${fmt(c.error)}</td><td class="num">${fmt(c.warning)}</td><td>${esc(c.rule)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Rows with problems${s.sample.length >= htmlRows && s.errors + s.warnings > htmlRows ? ` (the first ${fmt(htmlRows)})` : ''}</h2>
${s.sample.length ? `<table><thead><tr><th>line</th><th>type</th><th>phone / record</th><th>month</th><th>violations</th></tr></thead><tbody>\n${sample}\n</tbody></table>` : '<p>None.</p>'}
<p class="meta">Phone numbers are masked. Line numbers are the file's physical lines (the CSV header is line 1).</p>
</body></html>
`;
}

// ------------------------------------------------------------------------------------------------
// migrate

// Where planMigration looks for the e-mail consent of a row.
const CONSENT_KEYS = ['emailConsent', 'email_consent', 'consent', 'status', 'Status'];
const SKIP_REASONS = {
  NO_EMAIL_CONSENT: 'the list says this person did not agree to e-mails: no invitation either',
  EMAIL_CONSENT_UNKNOWN: 'the list does not say whether this person agreed to e-mails (add an email_consent column, or pass --all-subscribed for an export of subscribers only)',
};

const CONTACT_COLUMNS = { email: 'email', name: 'name', phone: 'phone', lang: 'lang', email_consent: 'emailConsent', email_consent_at: 'emailConsentAt' };

function contactFrom(row) {
  if (!row.names) return row.value;
  const c = {};
  const keys = Object.keys(row.value);
  for (let i = 0; i < keys.length; i++) {
    const v = row.value[keys[i]];
    if (!v) continue;
    const key = CONTACT_COLUMNS[keys[i]];
    // The engine reads 'yes', 'ja', 'subscribed', 'unsubscribed' … itself.
    if (key) c[key] = v;
    else c[row.names[i]] = v;
  }
  return c;
}

function csvCell(v) {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// Output files are written next to their final name and renamed when complete, so a failed run
// never leaves a half file that looks finished. Opened at once: a wrong path fails before the work.
function outFile(path) {
  const partial = `${path}.partial`;
  let fd;
  try {
    fd = openSync(partial, 'w');
  } catch (err) {
    throw new InputError(`cannot write ${path}: ${err.code === 'ENOENT' ? 'no such directory' : err.message}`);
  }
  const stream = createWriteStream(null, { fd });
  let error = null;
  stream.on('error', (err) => { error ??= err; });
  return {
    stream,
    async close() {
      stream.end();
      await once(stream, 'close');
      if (error) throw new InputError(`cannot write ${path}: ${error.message}`);
      renameSync(partial, path);
    },
    abort() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}

async function migrate(argv) {
  const { values, positionals } = parse(argv, {
    business: { type: 'string' },
    lang: { type: 'string' },
    company: { type: 'string' },
    contact: { type: 'string' },
    'privacy-url': { type: 'string' },
    records: { type: 'string' },
    out: { type: 'string' },
    region: { type: 'string' },
    purposes: { type: 'string' },
    format: { type: 'string' },
    now: { type: 'string' },
    'all-subscribed': { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    progress: { type: 'boolean' },
    stats: { type: 'boolean' },
  }, 'migrate');
  if (positionals.length !== 1) throw new UsageError('migrate takes one e-mail list (or - for stdin)');
  const missing = ['business', 'lang', 'company', 'contact', 'privacy-url', 'records'].filter((k) => !values[k]);
  if (missing.length) throw new UsageError(`migrate needs ${missing.map((k) => `--${k}`).join(', ')}`);
  const file = positionals[0];
  const format = checkFormat(values.format);
  const outFormat = values.out ? (/\.csv$/i.test(values.out) ? 'csv' : /\.(jsonl|ndjson)$/i.test(values.out) ? 'jsonl' : null) : 'jsonl';
  if (!outFormat) throw new UsageError('--out must end in .csv or .jsonl');
  requireEngine('planMigration');
  const options = {
    now: instant(values.now),
    businessPhone: values.business,
    lang: values.lang,
    controller: { name: values.company, contact: values.contact },
    privacyPolicyUrl: values['privacy-url'],
  };
  if (values.purposes) options.purposes = values.purposes.split(',').map((p) => p.trim()).filter(Boolean);

  const meter = { bytes: 0, size: null, format: null };
  const progress = new Progress(!values['no-progress'] && (values.progress || process.stderr.isTTY === true), 'migrate', meter);
  const records = outFile(values.records);
  let invitations = null;
  try {
    invitations = values.out ? outFile(values.out) : null;
  } catch (err) {
    records.abort();
    throw err;
  }
  const invStream = invitations ? invitations.stream : process.stdout;
  const n = { rows: 0, invite: 0, skip: 0, error: 0 };
  const started = process.hrtime.bigint();
  try {
    if (outFormat === 'csv') await write(invStream, 'line,email,name,lang,subject,link,record_id\n');
    let pending = [];
    const flush = async () => {
      if (!pending.length) return;
      const batch = pending;
      pending = [];
      // Planned per region, reported in the list's order.
      const plans = new Array(batch.length);
      for (let k = 0; k < batch.length; k++) {
        const { error } = batch[k];
        if (error) plans[k] = { action: 'error', error };
      }
      for (const [region, rows] of groupByRegion(batch, values.region)) {
        let result;
        try {
          result = wc.planMigration(rows.map((i) => batch[i].contact), region ? { ...options, defaultRegion: region } : options);
        } catch (err) {
          // Options the engine refuses are the caller's mistake, not the rows'.
          if (err?.code === 'INVALID_ARGUMENT' || err?.code === 'UNSUPPORTED_LANGUAGE') throw new UsageError(`migrate: ${err.message}`);
          throw err;
        }
        for (const plan of result) plans[rows[plan.index]] = plan;
      }
      let inv = '';
      let rec = '';
      let report = '';
      for (let k = 0; k < batch.length; k++) {
        const row = batch[k];
        const plan = plans[k];
        if (!plan) throw new Error(`planMigration returned no plan for line ${row.line}`);
        n[plan.action === 'invite' ? 'invite' : plan.action === 'error' ? 'error' : 'skip']++;
        if (plan.action === 'invite') {
          const i = plan.invitation;
          const name = row.contact.name ?? '';
          inv += outFormat === 'csv'
            ? [row.line, plan.email, name, i.lang, i.subject, i.link, plan.record?.id].map(csvCell).join(',') + '\n'
            : JSON.stringify({ line: row.line, email: plan.email, name, lang: i.lang, subject: i.subject, link: i.link, recordId: plan.record?.id ?? null, text: i.text, html: i.html }) + '\n';
          if (plan.record) rec += JSON.stringify(plan.record) + '\n';
        } else if (plan.action === 'error') {
          report += `line ${row.line}: error ${plan.error?.code ?? 'ERROR'}: ${plan.error?.message ?? plan.reason}\n`;
        } else {
          report += `line ${row.line}: skipped ${plan.reason}: ${SKIP_REASONS[plan.reason] ?? plan.action}\n`;
        }
      }
      await write(invStream, inv);
      await write(records.stream, rec);
      if (report) {
        progress.clear();
        process.stderr.write(report);
      }
    };
    for await (const batch of readRows(file, { format, meter, requiredColumn: 'email' })) {
      for (const raw of batch) {
        const row = parsed(raw);
        n.rows++;
        // Unreadable rows wait in the batch too, so the report keeps the file's order.
        if (row.error) {
          pending.push(row);
          continue;
        }
        const contact = contactFrom(row);
        // The operator's word that the export holds subscribers only; a row's own column still decides.
        if (values['all-subscribed'] && CONSENT_KEYS.every((k) => contact[k] === undefined)) contact.emailConsent = true;
        pending.push({ line: row.line, contact });
        if (pending.length >= MIGRATE_BATCH) await flush();
      }
      progress.tick(n.rows);
    }
    await flush();
    progress.clear();
    await records.close();
    if (invitations) await invitations.close();
  } catch (err) {
    progress.clear();
    records.abort();
    invitations?.abort();
    throw err;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stderr.write(`migrate of ${file === '-' ? 'stdin' : file}: ${plural(n.rows, 'row')}: ${fmt(n.invite)} to invite, ${fmt(n.skip)} skipped, ${plural(n.error, 'error')}\n`
    + `  invitations: ${values.out ?? 'stdout'}\n  pending records: ${values.records}\n`
    + 'Nobody may be messaged on WhatsApp before confirming: an e-mail consent does not carry over.\n');
  if (values.stats) {
    process.stderr.write(`stats ${JSON.stringify({ rows: n.rows, seconds: +seconds.toFixed(3), rowsPerSecond: Math.round(n.rows / seconds), ...usage() })}\n`);
  }
  return n.error ? 1 : 0;
}

// planMigration takes one defaultRegion per call: a list mixing countries is planned per country
// column value, so '06 12 34 56 78' is read as French on a French row.
function groupByRegion(batch, fallback) {
  const groups = new Map();
  for (let i = 0; i < batch.length; i++) {
    if (!batch[i].contact) continue;
    const c = batch[i].contact.country;
    const region = typeof c === 'string' && /^[A-Za-z]{2}$/.test(c.trim()) ? c.trim().toUpperCase() : fallback;
    let g = groups.get(region);
    if (!g) groups.set(region, (g = []));
    g.push(i);
  }
  return groups;
}

// ------------------------------------------------------------------------------------------------
// convert: the rows as audit sees them.

async function convert(argv) {
  const { values, positionals } = parse(argv, { raw: { type: 'boolean' }, format: { type: 'string' } }, 'convert');
  if (positionals.length !== 1) throw new UsageError('convert takes one file (or - for stdin)');
  const meter = { bytes: 0, size: null, format: null };
  let bad = 0;
  for await (const batch of readRows(positionals[0], { format: checkFormat(values.format), meter })) {
    let out = '';
    let report = '';
    for (const raw of batch) {
      const row = parsed(raw);
      if (row.error) {
        bad++;
        report += `line ${row.line}: ${row.error.code}: ${row.error.message}\n`;
      } else if (values.raw) out += JSON.stringify({ line: row.line, row: row.value }) + '\n';
      else out += JSON.stringify(row.names ? csvSubmission(row.value, row.names).sub : row.value) + '\n';
    }
    process.stderr.write(report);
    await write(process.stdout, out);
  }
  return bad ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------
// phone, reply

function printJson(value) {
  process.stdout.write(JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined) + '\n');
}

function phone(argv) {
  const { values, positionals } = parse(argv, { region: { type: 'string' } }, 'phone');
  if (positionals.length < 1) throw new UsageError('phone takes a number');
  const r = wc.normalizePhone(positionals.join(' '), values.region ? { defaultRegion: values.region } : undefined);
  printJson(r);
  return r.valid ? 0 : 1;
}

function reply(argv) {
  const { values, positionals } = parse(argv, { lang: { type: 'string' }, pending: { type: 'string' } }, 'reply');
  if (positionals.length < 1) throw new UsageError('reply takes the text of a reply');
  const options = {};
  if (values.lang) options.lang = values.lang;
  if (values.pending) options.pending = values.pending;
  printJson(wc.parseReply(positionals.join(' '), options));
  return 0;
}

// ------------------------------------------------------------------------------------------------

function parse(argv, options, command) {
  try {
    return parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${command}: ${err.message.replace(/\. To specify a positional.*$/s, '')}`);
  }
}

function checkFormat(format) {
  if (format === undefined) return undefined; // from the name, else from the first character
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  return format;
}

function instant(value) {
  if (value === undefined) return Date.now();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--now: not an ISO 8601 instant: ${value}`);
  return ms;
}

function positiveInt(value, name) {
  if (!/^\d+$/.test(value) || +value < 1) throw new UsageError(`${name} must be a positive whole number`);
  return +value;
}

function version() {
  try {
    return JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

const COMMANDS = { phone, reply, audit, migrate, convert };

async function main(argv) {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0];
    if (topic && !HELP[topic]) throw new UsageError(`no command '${topic}'`);
    process.stdout.write(HELP[topic ?? 'main'] + '\n');
    return 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command '${command}'`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP[command] + '\n');
    return 0;
  }
  return run(rest);
}

if (!isMainThread && workerData?.role === 'audit') {
  workerMain();
} else {
  // `| head` closes stdout early: stop quietly instead of an EPIPE stack trace.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`whatsapp-consent: ${err.message}\nRun 'whatsapp-consent help' for usage.\n`);
    } else if (err instanceof InputError || err instanceof wc.WhatsAppConsentError) {
      process.stderr.write(`whatsapp-consent: ${err.message}\n`);
    } else {
      process.stderr.write(`whatsapp-consent: unexpected error: ${err?.stack ?? err}\n`);
    }
    process.exitCode = 2;
  }
}
