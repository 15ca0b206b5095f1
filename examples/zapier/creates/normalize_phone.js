'use strict';
const { run, optional, plain } = require('../lib/consent');

module.exports = {
  key: 'normalizePhone',
  noun: 'Phone Number',
  display: {
    label: 'Normalize Phone Number',
    description:
      'Turns a phone number as a person typed it into E.164 and the WhatsApp ID, exactly as Google libphonenumber does, and says whether it is a valid mobile number.',
  },
  operation: {
    inputFields: [
      { key: 'phone', label: 'Phone Number', required: true, type: 'string', helpText: 'Any format: `0151 23456789`, `+49 1512 3456789`, `(0)151-234 567 89`.' },
      {
        key: 'default_region',
        label: 'Default Country',
        required: false,
        type: 'string',
        helpText: 'Two-letter ISO 3166 code (`DE`, `AT`, `GB`) for numbers typed without a +country code.',
      },
    ],
    // An invalid number is data (valid: false, error.code), not a failed step: filter on it.
    perform: (z, bundle) =>
      run(z, (wc) =>
        plain(wc.normalizePhone(String(bundle.inputData.phone ?? ''), { defaultRegion: optional(bundle.inputData.default_region) })),
      ),
    sample: {
      valid: true,
      possible: true,
      e164: '+4915123456789',
      waId: '4915123456789',
      region: 'DE',
      type: 'MOBILE',
      national: '01512 3456789',
      international: '+49 1512 3456789',
      error: null,
    },
    outputFields: [
      { key: 'valid', label: 'Valid', type: 'boolean' },
      { key: 'possible', label: 'Possible Length', type: 'boolean' },
      { key: 'e164', label: 'E.164', type: 'string' },
      { key: 'waId', label: 'WhatsApp ID', type: 'string' },
      { key: 'region', label: 'Country', type: 'string' },
      { key: 'type', label: 'Number Type', type: 'string' },
      { key: 'national', label: 'National Format', type: 'string' },
      { key: 'international', label: 'International Format', type: 'string' },
      { key: 'error__code', label: 'Error Code', type: 'string' },
      { key: 'error__message', label: 'Error Message', type: 'string' },
    ],
  },
};
