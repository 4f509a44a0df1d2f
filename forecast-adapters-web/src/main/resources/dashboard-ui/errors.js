// Loaded first, as a classic script: every uncaught error, rejected promise and console.error of the
// page lands in window.__errors, which the browser tests read (and a person can in the console).
window.__errors = [];
window.addEventListener('error', e => window.__errors.push('error: ' + (e.message || e.type)));
window.addEventListener('unhandledrejection', e => window.__errors.push('rejection: ' + (e.reason && e.reason.message || e.reason)));
(() => {
  const original = console.error.bind(console);
  console.error = (...args) => { window.__errors.push('console.error: ' + args.join(' ')); original(...args); };
})();
