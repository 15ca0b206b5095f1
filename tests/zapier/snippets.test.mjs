// The README's code-step snippets (examples/snippets) run here the way their platforms run them,
// on the webhook fixtures, so they cannot rot: the n8n Code node body inside an async function
// with $input and require, the Pipedream step through a stand-in defineComponent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const snippets = fileURLToPath(new URL('../../examples/snippets/', import.meta.url));
const fixtures = new URL('../fixtures/webhooks/', import.meta.url);
const fixture = (name) => readFileSync(new URL(`${name}.json`, fixtures), 'utf8');
// The package as the snippets resolve it (examples/snippets/node_modules, set up by run.mjs).
const wc = createRequire(`${snippets}n8n-code-step.js`)('whatsapp-consent');

// ---- n8n

const AsyncFunction = (async () => {}).constructor;
const n8nBody = readFileSync(`${snippets}n8n-code-step.js`, 'utf8');
const n8nStep = new AsyncFunction('$input', 'require', n8nBody);
const runN8n = (json) => n8nStep({ item: { json } }, createRequire(`${snippets}n8n-code-step.js`));

// n8n's WhatsApp Trigger emits one item per webhook change: { ...change.value, field }.
const triggerItems = (raw) => JSON.parse(raw).entry.flatMap((e) => e.changes.map((c) => ({ ...c.value, field: c.field })));

test('n8n: a German STOPP item comes back as one n8n item with the opt-out', async () => {
  const out = await runN8n({ text: 'STOPP', lang: 'de', from: '+4915123456789' });
  assert.deepEqual(Object.keys(out), ['json']);
  assert.equal(out.json.intent, 'opt_out');
  assert.equal(out.json.lang, 'de');
  assert.equal(out.json.from, '+4915123456789');
  assert.equal(out.json.stopMarketing, true);
});

test('n8n: a WhatsApp Trigger item (text.json fixture) is read from messages[0]', async () => {
  const [item] = triggerItems(fixture('text'));
  const out = await runN8n(item);
  assert.equal(out.json.text, 'STOPP bitte');
  assert.equal(out.json.from, '+4915123456789');
  assert.equal(out.json.intent, 'opt_out');
});

test('n8n: a pending confirmation keeps its token; "marketing only stops" is pref_trans', async () => {
  const confirm = await runN8n({ text: 'JA 3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE', lang: 'de', pending: true });
  assert.equal(confirm.json.intent, 'confirm');
  assert.equal(confirm.json.token, '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE');
  assert.equal(confirm.json.stopMarketing, false);
  const prefs = await runN8n({ text: 'keine Werbung mehr, nur Bestellinfos' });
  assert.equal(prefs.json.intent, 'pref_trans');
  assert.equal(prefs.json.stopMarketing, true);
});

test('n8n: a status-only trigger item is no reply and stops nothing', async () => {
  const [item] = triggerItems(fixture('statuses'));
  const out = await runN8n(item);
  assert.equal(out.json.intent, 'none');
  assert.equal(out.json.from, null);
  assert.equal(out.json.stopMarketing, false);
});

// ---- Pipedream

const SECRET = 'pipedream-test-app-secret';
process.env.WHATSAPP_APP_SECRET = SECRET;
process.env.WHATSAPP_VERIFY_TOKEN = 'verify-me';
// Pipedream provides defineComponent as a global; the component object is what it runs.
globalThis.defineComponent = (component) => component;
const { default: pipedreamStep } = await import(pathToFileURL(`${snippets}pipedream-step.mjs`).href);

function fakeDollar() {
  const $ = { responses: [], exited: null };
  $.respond = async (response) => void $.responses.push(response);
  $.flow = {
    exit: (reason) => {
      $.exited = reason;
    },
  };
  return $;
}

async function post(raw, signature = wc.signWebhookBody(raw, SECRET)) {
  const $ = fakeDollar();
  const event = { method: 'POST', path: '/', query: {}, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: JSON.parse(raw), bodyRaw: raw };
  const result = await pipedreamStep.run({ steps: { trigger: { event } }, $ });
  return { result, $ };
}

test('pipedream: a signed STOPP webhook answers 200 and lists the number to suppress', async () => {
  const { result, $ } = await post(fixture('text'));
  assert.deepEqual($.responses.map((r) => r.status), [200]);
  assert.equal($.exited, null);
  assert.equal(result.events.length, 1);
  assert.equal(result.events[0].kind, 'text');
  assert.equal(result.events[0].reply.intent, 'opt_out');
  assert.deepEqual(result.stopMarketing, ['+4915123456789']);
});

test("pipedream: Meta's marketing stop (user_preferences) and our own confirm button", async () => {
  const prefs = await post(fixture('user_preferences_stop'));
  assert.deepEqual(prefs.result.stopMarketing, ['+4915123456789']);
  const button = await post(fixture('button_own_payload'));
  assert.equal(button.result.events[0].reply.intent, 'confirm');
  assert.equal(button.result.events[0].reply.token, '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE');
  assert.deepEqual(button.result.stopMarketing, []);
});

test('pipedream: a body changed after signing, or a wrong secret, is refused with 401', async () => {
  const raw = fixture('text');
  const tampered = await post(raw.replace('STOPP bitte', 'JA bitte'), wc.signWebhookBody(raw, SECRET));
  assert.deepEqual(tampered.$.responses, [{ status: 401, body: 'invalid signature' }]);
  assert.equal(tampered.result, undefined);
  assert.match(tampered.$.exited, /X-Hub-Signature-256/);
  const wrongSecret = await post(raw, wc.signWebhookBody(raw, 'another-secret'));
  assert.equal(wrongSecret.$.responses[0].status, 401);
  const unsigned = await post(raw, null);
  assert.equal(unsigned.$.responses[0].status, 401);
});

test("pipedream: Meta's GET subscription check echoes the challenge only for our verify token", async () => {
  const get = async (token) => {
    const $ = fakeDollar();
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' };
    await pipedreamStep.run({ steps: { trigger: { event: { method: 'GET', path: '/', query, headers: {} } } }, $ });
    return $;
  };
  assert.deepEqual((await get('verify-me')).responses, [{ status: 200, body: '1158201444' }]);
  assert.equal((await get('guess')).responses[0].status, 403);
});
