'use strict';
const { wc, run, api, userError, optional, toBool, compact, plain } = require('../lib/consent');

const PURPOSES = ['promo', 'trans'];
const SOURCE_METHODS = ['web_form', 'email_link', 'whatsapp_thread', 'import', 'paper', 'api'];

const checkboxFields = (purpose, what) => [
  { key: `${purpose}_checked`, label: `${what}: Box Ticked`, required: false, type: 'boolean', helpText: 'Whether the person ticked the box.' },
  {
    key: `${purpose}_pre_checked`,
    label: `${what}: Box Was Pre-ticked`,
    required: false,
    type: 'boolean',
    helpText: 'Whether the box was already ticked when the form was shown (must be false: CJEU Planet49). Your form has to report it; it is not assumed.',
  },
  { key: `${purpose}_text`, label: `${what}: Text Shown`, required: false, type: 'text', helpText: 'The exact words next to the box.' },
  {
    key: `${purpose}_text_version`,
    label: `${what}: Text Version`,
    required: false,
    type: 'string',
    helpText: 'The `sha256:` version of that text, as Render Consent Text returned it when the form was built.',
  },
];

// One checkbox per purpose the form reported anything for; absent fields stay absent so the
// validator reports them (MISSING_FIELD) instead of this app inventing a value.
const checkboxes = (z, d) =>
  PURPOSES.filter((p) => [d[`${p}_checked`], d[`${p}_pre_checked`], d[`${p}_text`], d[`${p}_text_version`]].some((v) => optional(v) !== undefined)).map(
    (p) =>
      compact({
        purpose: p,
        checked: toBool(z, `${p}_checked`, d[`${p}_checked`]),
        preChecked: toBool(z, `${p}_pre_checked`, d[`${p}_pre_checked`]),
        text: optional(d[`${p}_text`]),
        textVersion: optional(d[`${p}_text_version`]),
      }),
  );

const toAge = (z, value) => {
  value = optional(value);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw userError(z, 'age', `expected a whole number of years, got ${JSON.stringify(String(value))}`);
  return n;
};

const submission = (z, d) =>
  compact({
    phone: String(d.phone ?? ''),
    name: optional(d.name),
    email: optional(d.email),
    lang: optional(d.lang),
    country: optional(d.country),
    controller: compact({ name: optional(d.company), contact: optional(d.contact) }),
    privacyPolicyUrl: optional(d.privacy_url),
    checkboxes: checkboxes(z, d),
    source: compact({ method: optional(d.source_method), url: optional(d.source_url) }),
    collectedAt: optional(d.collected_at),
    age: toAge(z, d.age),
  });

// The validator names fields by the package's paths (checkboxes[0].preChecked); the Zap user
// knows this action's input keys (promo_pre_checked), so each line item carries both.
const FIELD_KEYS = {
  phone: 'phone', name: 'name', email: 'email', lang: 'lang', country: 'country', age: 'age',
  'controller.name': 'company', 'controller.contact': 'contact', privacyPolicyUrl: 'privacy_url',
  'source.method': 'source_method', 'source.url': 'source_url', collectedAt: 'collected_at',
};
const BOX_KEYS = { checked: 'checked', preChecked: 'pre_checked', text: 'text', textVersion: 'text_version' };

const inputField = (field, boxes) => {
  if (!field) return null;
  if (FIELD_KEYS[field]) return FIELD_KEYS[field];
  const m = /^checkboxes\[(\d+)\](?:\.(\w+))?$/.exec(field);
  const box = m && boxes[Number(m[1])];
  if (!box) return null;
  return m[2] ? (BOX_KEYS[m[2]] ? `${box.purpose}_${BOX_KEYS[m[2]]}` : null) : `${box.purpose}_checked`;
};

module.exports = {
  key: 'validateConsent',
  noun: 'Consent',
  display: {
    label: 'Validate Consent',
    description:
      'Checks a WhatsApp opt-in form submission against the GDPR rules (unticked box per purpose, named controller and channel, privacy policy, exact text version, valid mobile number, timestamp) and lists every violation.',
  },
  operation: {
    inputFields: [
      { key: 'phone', label: 'Phone Number', required: true, type: 'string' },
      { key: 'name', label: 'Name', required: false, type: 'string' },
      { key: 'email', label: 'E-mail', required: false, type: 'string' },
      { key: 'lang', label: 'Language Shown', required: true, type: 'string', choices: wc.textLanguages(), helpText: 'ISO 639-1 code of the texts the person saw.' },
      { key: 'country', label: 'Country', required: false, type: 'string', helpText: 'ISO 3166 code: the jurisdiction, and the region national numbers are read in. Default: the number\'s country.' },
      { key: 'company', label: 'Company (Controller)', required: true, type: 'string' },
      { key: 'contact', label: 'Privacy Contact', required: true, type: 'string', helpText: 'E-mail or URL for privacy questions.' },
      { key: 'privacy_url', label: 'Privacy Policy URL', required: true, type: 'string' },
      ...checkboxFields('promo', 'Marketing'),
      ...checkboxFields('trans', 'Order Updates'),
      { key: 'source_method', label: 'Collected Via', required: true, type: 'string', choices: SOURCE_METHODS },
      { key: 'source_url', label: 'Form URL', required: false, type: 'string' },
      { key: 'collected_at', label: 'Collected At', required: true, type: 'datetime', helpText: 'When the person submitted the form.' },
      { key: 'age', label: 'Age', required: false, type: 'integer', helpText: 'Only if the form asks (GDPR Art. 8).' },
    ],
    // valid: false is a result to filter on, not a failed step; only unusable input throws.
    perform: (z, bundle) => {
      const input = submission(z, bundle.inputData);
      const validateConsent = api(z, 'validateConsent');
      const result = run(z, () => validateConsent(input));
      const violations = plain(result.violations).map((v) => ({ ...v, input_field: inputField(v.field, input.checkboxes) }));
      return {
        valid: result.valid,
        violation_codes: violations.map((v) => v.code),
        error_count: violations.filter((v) => v.severity === 'error').length,
        warning_count: violations.filter((v) => v.severity === 'warning').length,
        violations,
        e164: result.e164,
        jurisdiction: result.jurisdiction,
      };
    },
    sample: {
      valid: false,
      violation_codes: ['PRE_TICKED'],
      error_count: 1,
      warning_count: 0,
      violations: [
        {
          code: 'PRE_TICKED',
          severity: 'error',
          message: "checkboxes[0] was pre-ticked: a box ticked in advance is not consent. Show it unticked and record only the person's own tick.",
          rule: 'CJEU C-673/17 Planet49; GDPR Recital 32',
          field: 'checkboxes[0].preChecked',
          input_field: 'promo_pre_checked',
        },
      ],
      e164: '+4915123456789',
      jurisdiction: 'DE',
    },
    outputFields: [
      { key: 'valid', label: 'Valid', type: 'boolean' },
      { key: 'violation_codes', label: 'Violation Codes', type: 'string', list: true },
      { key: 'error_count', label: 'Errors', type: 'integer' },
      { key: 'warning_count', label: 'Warnings', type: 'integer' },
      { key: 'violations[]code', label: 'Violation Code', type: 'string' },
      { key: 'violations[]severity', label: 'Violation Severity', type: 'string' },
      { key: 'violations[]message', label: 'Violation Message', type: 'string' },
      { key: 'violations[]rule', label: 'Violation Rule', type: 'string' },
      { key: 'violations[]field', label: 'Violation Field', type: 'string' },
      { key: 'violations[]input_field', label: 'Violation Input Field', type: 'string' },
      { key: 'e164', label: 'E.164', type: 'string' },
      { key: 'jurisdiction', label: 'Jurisdiction', type: 'string' },
    ],
  },
};
