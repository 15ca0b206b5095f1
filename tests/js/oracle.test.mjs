// normalizePhone against Google's libphonenumber on >20,000 inputs. Every disagreement must be
// listed, with its cause, in tests/oracle-known-differences.json; a listed one that no longer
// occurs must be removed, so the list stays exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, entry } from '../support/load.mjs';
import { generateCorpus, oracle, differences } from '../support/phone-corpus.mjs';

const known = JSON.parse(readFileSync(new URL('../oracle-known-differences.json', import.meta.url), 'utf8'));
const corpus = generateCorpus();
const regions = new Set(api.supportedRegions());

test(`corpus is large enough (${corpus.length} inputs)`, () => {
  assert.ok(corpus.length >= 20000, `${corpus.length}`);
});

test(`agrees with google-libphonenumber on valid / e164 / type / region [${entry}]`, () => {
  const unlisted = [];
  const used = new Set();
  let compared = 0;
  for (const item of corpus) {
    // A regional build has no dialling rules for other regions' defaultRegion: not comparable.
    if (api.flavor !== 'full' && item.region && !regions.has(item.region.toUpperCase())) continue;
    let expected = oracle(item);
    // A regional build must agree inside its regions and refuse numbers outside them.
    if (api.flavor !== 'full' && expected.valid && !regions.has(expected.region)) {
      expected = { valid: false, e164: null, type: null, region: null };
    }
    const ours = api.normalizePhone(item.input, item.region ? { defaultRegion: item.region } : undefined);
    compared++;
    for (const field of differences(ours, expected)) {
      const k = known.findIndex((d) => d.e164 === (expected.e164 ?? ours.e164) && d.field === field
        && d.ours === ours[field] && d.oracle === expected[field]);
      if (k >= 0) used.add(k);
      else unlisted.push({ ...item, field, ours: ours[field], oracle: expected[field] });
    }
  }
  assert.ok(compared >= (api.flavor === 'full' ? corpus.length : corpus.length / 2), `${compared}`);
  assert.deepEqual(unlisted.slice(0, 20), [], `${unlisted.length} unlisted disagreements`);
  if (api.flavor === 'full') {
    const stale = known.filter((_, i) => !used.has(i));
    assert.deepEqual(stale, [], 'listed differences that no longer occur: remove them');
  }
});
