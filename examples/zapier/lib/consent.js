'use strict';
// Glue between Zapier's bundle.inputData (strings, often empty, booleans as text) and the
// whatsapp-consent API (typed options, WhatsAppConsentError on misuse).
const wc = require('whatsapp-consent');

// The package's misuse errors are the user's input: show them as a Zapier error with the stable
// code instead of a crash. Anything else is a bug in this app and stays a crash.
const run = (z, fn) => {
  try {
    return fn(wc);
  } catch (err) {
    if (err instanceof wc.WhatsAppConsentError) throw new z.errors.Error(err.message, err.code, 400);
    throw err;
  }
};

const userError = (z, field, message) => new z.errors.Error(`${field}: ${message}`, 'INVALID_ARGUMENT', 400);

// An older package without the function gets a clear message, not "is not a function".
const api = (z, name) => {
  if (typeof wc[name] !== 'function') {
    throw new z.errors.Error(`this whatsapp-consent version has no ${name}(); update the whatsapp-consent dependency`, 'NOT_IN_THIS_BUILD');
  }
  return wc[name];
};

// Zapier sends '' for a field the user cleared: that is "not given".
const optional = (value) => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
};

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'checked']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'unchecked']);

// Mapped boolean fields arrive as text. A value we cannot read must not silently become a
// yes or a no: for a consent checkbox that would invent the person's answer.
const toBool = (z, field, value) => {
  value = optional(value);
  if (value === undefined || typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw userError(z, field, `expected true or false, got ${JSON.stringify(String(value))}`);
};

// List fields come as arrays; a mapped value may be one comma-separated string.
const toList = (value) => {
  value = optional(value);
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? value : String(value).split(',');
  const list = items.map((v) => String(v).trim()).filter(Boolean);
  return list.length ? list : undefined;
};

// Drops undefined keys: the package refuses nothing for them, but the output stays clean.
const compact = (obj) => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));

// JSON round trip: resolves the package's lazy getters (national, international) into plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));

module.exports = { wc, run, api, userError, optional, toBool, toList, compact, plain };
