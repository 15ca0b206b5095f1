// n8n Code node. Language: JavaScript, Mode: "Run Once for Each Item".
// Reads what a WhatsApp reply means: opt-out, confirm, preferences, access or erasure request.
// Self-hosted n8n: install the package where n8n runs (npm install whatsapp-consent) and start n8n
// with NODE_FUNCTION_ALLOW_EXTERNAL=whatsapp-consent, or require() is refused.
const { parseReply } = require('whatsapp-consent');

const item = $input.item.json;
// A `text` field (form, CRM, SMS node …) or a text message from n8n's WhatsApp Trigger.
const message = item.messages?.[0];
const text = item.text ?? message?.text?.body ?? message?.button?.text ?? '';
// Give the conversation language when known, and pending: true while a double opt-in awaits a yes.
const reply = parseReply(String(text), { lang: item.lang || undefined, pending: item.pending ?? undefined });

return {
  json: {
    from: item.from ?? (message ? `+${message.from}` : null),
    text,
    ...reply,
    // Route on this with an IF node: marketing stops now (GDPR Art. 7(3), 21(3)).
    stopMarketing: ['opt_out', 'pref_trans', 'erasure_request'].includes(reply.intent),
  },
};
