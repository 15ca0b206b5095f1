// Pipedream Node.js code step after an HTTP / Webhook trigger that returns a custom response
// (Meta's webhook points at the trigger URL). Environment variables: WHATSAPP_APP_SECRET (the Meta
// app secret) and WHATSAPP_VERIFY_TOKEN (any string, also entered in Meta's webhook settings).
import { parseWebhook, verifyWebhookSignature } from 'whatsapp-consent';

export default defineComponent({
  async run({ steps, $ }) {
    const req = steps.trigger.event;
    // Meta's subscription check: echo hub.challenge when the verify token is ours.
    if (req.method === 'GET') {
      const ok = req.query?.['hub.mode'] === 'subscribe' && req.query?.['hub.verify_token'] === process.env.WHATSAPP_VERIFY_TOKEN;
      await $.respond({ status: ok ? 200 : 403, body: ok ? req.query['hub.challenge'] : '' });
      return $.flow.exit(ok ? 'webhook verified' : 'wrong verify token');
    }
    // The signature covers the exact bytes Meta sent: the raw body, never the re-serialised JSON.
    if (!verifyWebhookSignature(req.bodyRaw, req.headers['x-hub-signature-256'], process.env.WHATSAPP_APP_SECRET)) {
      await $.respond({ status: 401, body: 'invalid signature' });
      return $.flow.exit('invalid X-Hub-Signature-256');
    }
    await $.respond({ status: 200, body: 'ok' }); // Meta retries anything but a quick 200

    const events = parseWebhook(req.bodyRaw);
    return {
      events, // kind, from (E.164), text/payload, reply.intent, preference, status …
      // Numbers whose marketing must stop now: STOP in any language, "Stop promotions", Meta's opt-out.
      stopMarketing: events.filter((e) => ['opt_out', 'pref_trans', 'erasure_request'].includes(e.reply?.intent)).map((e) => e.from),
    };
  },
});
