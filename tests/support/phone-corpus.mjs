// Phone inputs for the oracle test and the benchmark: every region's example number of every
// type, written in the shapes people type, plus broken variants. Google's libphonenumber (npm
// google-libphonenumber) is the oracle; `oracle()` gives its verdict in our result's terms.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const glib = require('google-libphonenumber');
const util = glib.PhoneNumberUtil.getInstance();
const { PhoneNumberFormat: PNF, PhoneNumberType: PNT } = glib;
const TYPE_NAMES = Object.fromEntries(Object.entries(PNT).map(([k, v]) => [v, k]));

const FULLWIDTH = (s) => s.replace(/[0-9+]/g, (c) => (c === '+' ? '＋' : String.fromCharCode(0xff10 + +c)));
const ARABIC_INDIC = (s) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0x0660 + +c));

function examples() {
  const out = [];
  for (const region of util.getSupportedRegions()) {
    for (const type of Object.values(PNT)) {
      const n = util.getExampleNumberForType(region, type);
      if (n) out.push({ region, n });
    }
  }
  for (const cc of util.getSupportedGlobalNetworkCallingCodes()) {
    const n = util.getExampleNumberForNonGeoEntity(cc);
    if (n) out.push({ region: '001', n });
  }
  // The same number can be the example of several types; keep one.
  const seen = new Set();
  return out.filter(({ n }) => {
    const k = util.format(n, PNF.E164);
    return seen.has(k) ? false : seen.add(k);
  });
}

/** @returns {{input: string, region?: string}[]} */
export function generateCorpus() {
  const corpus = [];
  const add = (input, region) => corpus.push(region ? { input, region } : { input });
  for (const { region, n } of examples()) {
    const e164 = util.format(n, PNF.E164);
    const intl = util.format(n, PNF.INTERNATIONAL);
    const national = util.format(n, PNF.NATIONAL);
    const nsn = util.getNationalSignificantNumber(n);
    const cc = String(n.getCountryCode());
    const geo = region !== '001';
    add(e164);
    add(intl);
    add(util.format(n, PNF.RFC3966));
    add(intl.replace(/ /g, '.'));
    add(intl.replace(/ /g, '-'));
    add(`  ${e164}\t`);
    add(`+${cc} (${nsn.slice(0, 3)}) ${nsn.slice(3)}`);
    add(FULLWIDTH(e164));
    add(`Tel.: ${intl};`);
    add(`00${cc}${nsn}`, 'DE');
    add(`011 ${cc} ${nsn}`, 'US');
    if (geo) {
      add(national, region);
      add(national, region.toLowerCase());
      add(national.replace(/ /g, '-'), region);
      add(nsn, region);
      add(ARABIC_INDIC(national), region);
      add(national, region === 'US' ? 'CA' : 'US');
    }
    // Broken: one digit short, one digit long, first national digit changed.
    add(e164.slice(0, -1));
    add(`${e164}0`);
    add(`+${cc}${(+nsn[0] + 5) % 10}${nsn.slice(1)}`);
  }
  for (const junk of ['', ' ', 'abc', '+', '++49', '+49', '0', '112', 'tel:', 'tel:+49-30-1234567;phone-context=+49',
    '+49 (0) 30 1234567', '+49 30 1234567 ext. 12', '+1 800 FLOWERS', '*#06#', '1-800-GOOG-411', '+0 123 456',
    '+999 123 456 789', ';phone-context=+49tel:30123456', 'tel:030-1234567;phone-context=+49', '\u0000+49 30 1234567', 'x'.repeat(251), '+49' + '1'.repeat(300)]) {
    add(junk);
    add(junk, 'DE');
  }
  return corpus;
}

/** libphonenumber's verdict, shaped like our result's comparable fields. */
export function oracle({ input, region }) {
  try {
    const n = util.parse(input, region ? region.toUpperCase() : undefined);
    if (!util.isValidNumber(n)) return { valid: false, e164: null, type: null, region: null };
    return {
      valid: true,
      e164: util.format(n, PNF.E164),
      type: TYPE_NAMES[util.getNumberType(n)],
      region: util.getRegionCodeForNumber(n),
    };
  } catch {
    return { valid: false, e164: null, type: null, region: null };
  }
}

export const FIELDS = ['valid', 'e164', 'type', 'region'];

/** Field-by-field differences between two verdicts. */
export function differences(ours, theirs) {
  return FIELDS.filter((f) => (ours[f] ?? null) !== (theirs[f] ?? null));
}
