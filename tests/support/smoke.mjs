// The checks every packaging case runs on the API it imported, in Node, a page or a worker.
// Returns the results instead of throwing so that a browser can post them back.
export async function smoke(api, { flavor = 'full' } = {}) {
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, detail: String(err && err.stack || err) });
    }
  };
  const eq = (a, b, what) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`);
  };
  const throwsCode = (fn, code) => {
    try {
      fn();
    } catch (e) {
      eq(e instanceof api.WhatsAppConsentError, true, 'error class');
      eq(e.code, code, 'error code');
      return;
    }
    throw new Error(`expected ${code}`);
  };

  await check('init is idempotent', async () => {
    await Promise.all([api.init(), api.init()]);
    await api.init();
  });
  await check('flavor', () => eq(api.flavor, flavor, 'flavor'));
  await check('German mobile in national format', () => {
    const r = api.normalizePhone('0151 23456789', { defaultRegion: 'de' });
    eq([r.valid, r.e164, r.waId, r.region, r.type], [true, '+4915123456789', '4915123456789', 'DE', 'MOBILE'], 'result');
  });
  await check('invalid number has a code', () => {
    const r = api.normalizePhone('+49 1');
    eq([r.valid, r.e164, r.error.code], [false, null, 'TOO_SHORT'], 'result');
  });
  await check('misuse throws a typed error', () => throwsCode(() => api.normalizePhone(42), 'INVALID_ARGUMENT'));
  await check('oversized input is refused, module still answers', () => {
    throwsCode(() => api.normalizePhone('1'.repeat(1 << 20)), 'INPUT_TOO_LARGE');
    eq(api.normalizePhone('+33 6 12 34 56 78').e164, '+33612345678', 'after');
  });
  await check('tokens', () => {
    const t = api.newToken();
    if (!/^[0-7][0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/.test(t)) throw new Error(t);
    eq(api.parseToken(t.toLowerCase()), t, 'parseToken');
  });
  if (api.features.includes('replies')) {
    await check('replies: parseReply', () => {
      eq(api.parseReply('Stopp bitte').intent, 'opt_out', 'opt_out');
      eq(api.parseReply('Tak', { lang: 'pl', pending: 'confirmation' }).intent, 'confirm', 'confirm');
    });
    await check('replies: webhook signature and events', () => {
      const body = '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"4915123456789","id":"wamid.1","timestamp":"1700000000","type":"text","text":{"body":"STOP"}}]}}]}]}';
      const sig = api.signWebhookBody(body, 'secret');
      eq(api.verifyWebhookSignature(body, sig, 'secret'), true, 'signature');
      eq(api.parseWebhook(body)[0].reply.intent, 'opt_out', 'event');
    });
  } else {
    await check('no replies in this build, said clearly', () => throwsCode(() => api.parseReply('STOP'), 'NOT_IN_THIS_BUILD'));
  }
  const failed = results.filter((r) => !r.ok).length;
  return { passed: results.length - failed, failed, results };
}
