'use strict';
const { wc, run, optional, toBool, compact, plain } = require('../lib/consent');

module.exports = {
  key: 'parseReply',
  noun: 'Reply',
  display: {
    label: 'Parse WhatsApp Reply',
    description:
      'Reads what a WhatsApp reply means in 30 languages: opt-out, confirm, decline, start, help, preferences, access or erasure request.',
  },
  operation: {
    inputFields: [
      { key: 'text', label: 'Reply Text', required: true, type: 'text', helpText: 'The message the person sent, exactly as received.' },
      {
        key: 'lang',
        label: 'Conversation Language',
        required: false,
        type: 'string',
        choices: wc.replyLanguages(),
        helpText: 'ISO 639-1 code. Leave empty to detect it.',
      },
      {
        key: 'pending',
        label: 'Double Opt-in Pending',
        required: false,
        type: 'boolean',
        helpText: 'True when a confirmation request awaits an answer: then a plain yes/no means confirm/decline.',
      },
    ],
    perform: (z, bundle) => {
      const { text, lang, pending } = bundle.inputData;
      const options = compact({ lang: optional(lang), pending: toBool(z, 'pending', pending) });
      return run(z, (wc) => plain(wc.parseReply(String(text ?? ''), options)));
    },
    sample: {
      intent: 'confirm',
      confidence: 'keyword',
      lang: 'de',
      matched: 'JA',
      token: '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE',
      also: [],
      assumedPending: false,
    },
    outputFields: [
      { key: 'intent', label: 'Intent', type: 'string' },
      { key: 'confidence', label: 'Confidence', type: 'string' },
      { key: 'lang', label: 'Language', type: 'string' },
      { key: 'matched', label: 'Matched Words', type: 'string' },
      { key: 'token', label: 'Double Opt-in Token', type: 'string' },
      { key: 'also', label: 'Secondary Intents', type: 'string', list: true },
      { key: 'assumedPending', label: 'Assumed Pending', type: 'boolean' },
    ],
  },
};
