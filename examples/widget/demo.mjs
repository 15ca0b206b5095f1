// The demo's only script (no inline script: the page runs under a strict CSP, see serve.mjs).
import '../../pkg/widget.mjs';

const optin = document.getElementById('optin');
const lang = document.getElementById('lang');
const log = document.getElementById('log');

lang.value = optin.getAttribute('lang');
lang.addEventListener('change', () => {
  optin.setAttribute('lang', lang.value);
  optin.dir = lang.value === 'ar' ? 'rtl' : 'ltr';
});
for (const type of ['consent', 'consent-invalid']) {
  optin.addEventListener(type, (event) => {
    // A real page would POST event.detail.submission to its server, which calls createConsent().
    log.textContent = `${type}\n${JSON.stringify(event.detail, null, 2)}`;
  });
}
