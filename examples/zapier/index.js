'use strict';
// Zapier app: the whatsapp-consent actions. `zapier test` / `npm test` run test/ with createAppTester.
const normalizePhone = require('./creates/normalize_phone');
const parseReply = require('./creates/parse_reply');
const validateConsent = require('./creates/validate_consent');
const renderText = require('./creates/render_text');

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,
  creates: {
    [normalizePhone.key]: normalizePhone,
    [parseReply.key]: parseReply,
    [validateConsent.key]: validateConsent,
    [renderText.key]: renderText,
  },
};
