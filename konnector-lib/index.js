// kvm's own cozy-konnector-libs (DESIGN §1, konnector-lib/): the public surface of
// cozy-konnector-libs 5.x, served to a konnector that requires it without shipping a copy.
// Cozy operations are host capabilities (internal/cozy.js): the stack token stays in the
// host. Each export loads its module on first use, so a run pays only for what it touches.
'use strict';

const requireShim = require('internal/require_shim');

// export -> [module under konnector-lib/, property of its exports (null: the module itself)]
const EXPORTS = {
  BaseKonnector: ['base_konnector', null],
  CookieKonnector: ['cookie_konnector', null],
  errors: ['errors', null],
  log: ['log', null],
  requestFactory: ['request_factory', null],
  request: ['request_factory', 'deprecated'],
  signin: ['signin', null],
  submitForm: ['signin', null],
  scrape: ['scrape', null],
  retry: ['retry', null],
  saveFiles: ['save_files', null],
  saveBills: ['save_bills', null],
  saveIdentity: ['save_identity', null],
  linkBankOperations: ['link_bank_operations', null],
  addData: ['add_data', null],
  hydrateAndFilter: ['hydrate_and_filter', null],
  filterData: ['hydrate_and_filter', 'deprecated'],
  updateOrCreate: ['update_or_create', null],
  mkdirp: ['mkdirp', null],
  normalizeFilename: ['normalize_filename', null],
  utils: ['utils', null],
  manifest: ['manifest', null],
  Document: ['document', null],
  wrapIfSentrySetUp: ['sentry', 'wrapIfSentrySetUp'],
  // Left out, throwing ERR_FEATURE_UNAVAILABLE once used (unavailable.js says why).
  cozyClient: ['unavailable', 'cozyClient'],
  htmlToPDF: ['unavailable', 'htmlToPDF'],
  createCozyPDFDocument: ['unavailable', 'createCozyPDFDocument'],
  solveCaptcha: ['unavailable', 'solveCaptcha'],
  categorize: ['unavailable', 'categorize'],
  createCategorizer: ['unavailable', 'createCategorizer'],
};

for (const [name, [file, property]] of Object.entries(EXPORTS)) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    configurable: true,
    get() {
      const loaded = requireShim('konnector-lib/' + file);
      const value = property === null ? loaded : loaded[property];
      Object.defineProperty(module.exports, name, { value, enumerable: true, writable: true });
      return value;
    },
  });
}
