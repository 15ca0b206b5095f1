'use strict';
const { wc, run, optional, toBool, toList, compact, plain } = require('../lib/consent');

const KINDS = ['checkbox', 'confirmation', 'confirmed', 'optout_footer', 'unsubscribed', 'preferences', 'help', 'privacy_notice', 'invitation_email'];
const PURPOSES = { promo: 'Marketing (offers, news)', trans: 'Order and delivery updates' };

module.exports = {
  key: 'renderText',
  noun: 'Consent Text',
  display: {
    label: 'Render Consent Text',
    description:
      'Writes a consent text in one of 30 languages (checkbox, double opt-in message, opt-out confirmation, privacy notice, invitation e-mail) with the SHA-256 version a consent record points to.',
  },
  operation: {
    inputFields: [
      { key: 'kind', label: 'Kind', required: true, type: 'string', choices: KINDS },
      { key: 'lang', label: 'Language', required: true, type: 'string', choices: wc.textLanguages(), helpText: 'ISO 639-1 code.' },
      { key: 'company', label: 'Company', required: false, type: 'string', helpText: 'The controller: who sends the messages. Required except for optout_footer.' },
      { key: 'purpose', label: 'Purpose (checkbox)', required: false, type: 'string', choices: PURPOSES, helpText: 'A checkbox covers exactly one purpose (GDPR Recital 43).' },
      { key: 'purposes', label: 'Purposes', required: false, type: 'string', list: true, choices: PURPOSES, helpText: 'For the other kinds; both when empty.' },
      { key: 'privacy_url', label: 'Privacy Policy URL', required: false, type: 'string', helpText: 'Required for checkbox, privacy_notice and invitation_email.' },
      { key: 'contact', label: 'Privacy Contact', required: false, type: 'string', helpText: 'E-mail or URL; required for help and privacy_notice.' },
      { key: 'business_phone', label: 'Business WhatsApp Number', required: false, type: 'string', helpText: 'International format; required for invitation_email.' },
      { key: 'name', label: 'Recipient Name', required: false, type: 'string' },
      { key: 'token', label: 'Double Opt-in Token', required: false, type: 'string', helpText: 'invitation_email: the token its link carries. A fresh one when empty (returned as Token).' },
      { key: 'fallback', label: 'English Fallback', required: false, type: 'boolean', helpText: 'Use English for a language without texts instead of failing.' },
    ],
    perform: (z, bundle) => {
      const d = bundle.inputData;
      const params = compact({
        lang: String(d.lang ?? ''),
        fallback: toBool(z, 'fallback', d.fallback),
        company: optional(d.company),
        purpose: optional(d.purpose),
        purposes: toList(d.purposes),
        privacyUrl: optional(d.privacy_url),
        contact: optional(d.contact),
        businessPhone: optional(d.business_phone),
        name: optional(d.name),
        token: optional(d.token),
      });
      return run(z, (wc) => plain(wc.renderText(String(d.kind ?? ''), params)));
    },
    sample: {
      kind: 'checkbox',
      text: 'Ja, Musterladen GmbH darf mir Angebote, Aktionen und Neuigkeiten per WhatsApp an die angegebene Handynummer senden. Ich kann mich jederzeit abmelden, indem ich STOPP antworte. Einzelheiten: https://musterladen.de/datenschutz',
      html: 'Ja, Musterladen GmbH darf mir Angebote, Aktionen und Neuigkeiten per WhatsApp an die angegebene Handynummer senden. Ich kann mich jederzeit abmelden, indem ich STOPP antworte. Einzelheiten: <a href="https://musterladen.de/datenschutz">https://musterladen.de/datenschutz</a>',
      lang: 'de',
      version: 'sha256:b026fe3585f2fd727c5ef25500c7dd6df046e51c20c8b909501e93784606b24b',
      keywords: { confirm: 'JA', stop: 'STOPP', start: 'START', promo: 'PROMO', trans: 'TRANS', all: 'ALLE', help: 'HILFE' },
      subject: null,
      link: null,
      token: null,
    },
    outputFields: [
      { key: 'kind', label: 'Kind', type: 'string' },
      { key: 'text', label: 'Text', type: 'string' },
      { key: 'html', label: 'HTML', type: 'string' },
      { key: 'lang', label: 'Language', type: 'string' },
      { key: 'version', label: 'Text Version (SHA-256)', type: 'string' },
      { key: 'subject', label: 'E-mail Subject', type: 'string' },
      { key: 'link', label: 'WhatsApp Link', type: 'string' },
      { key: 'token', label: 'Token', type: 'string' },
      { key: 'keywords__confirm', label: 'Confirm Keyword', type: 'string' },
      { key: 'keywords__stop', label: 'Stop Keyword', type: 'string' },
      { key: 'keywords__start', label: 'Start Keyword', type: 'string' },
      { key: 'keywords__promo', label: 'Promo Keyword', type: 'string' },
      { key: 'keywords__trans', label: 'Trans Keyword', type: 'string' },
      { key: 'keywords__all', label: 'All Keyword', type: 'string' },
      { key: 'keywords__help', label: 'Help Keyword', type: 'string' },
    ],
  },
};
