// The real library's exports kvm leaves out, each throwing ERR_FEATURE_UNAVAILABLE with the
// reason once used (a konnector that only imports them still loads).
'use strict';

const { unavailableFunction, unavailableObject } = require('konnector-lib/internal/unavailable');

const NEEDS_PDFKIT = 'it needs pdfkit, which kvm does not embed; bundle pdfkit with the konnector';
const NEEDS_MODELS = "it needs the banks' categorization models and classificator, which kvm does not embed";

module.exports = {
  cozyClient: unavailableObject(
    'cozyClient',
    "a Cozy client needs the stack's token, which kvm keeps in the host: use the library's functions (saveBills, saveFiles, updateOrCreate, hydrateAndFilter, utils...)",
  ),
  htmlToPDF: unavailableFunction('htmlToPDF', NEEDS_PDFKIT),
  createCozyPDFDocument: unavailableFunction('createCozyPDFDocument', NEEDS_PDFKIT),
  solveCaptcha: unavailableFunction(
    'solveCaptcha',
    'kvm does not call the anti-captcha service; solve the captcha in the konnector',
  ),
  categorize: unavailableFunction('categorize', NEEDS_MODELS),
  createCategorizer: unavailableFunction('createCategorizer', NEEDS_MODELS),
};
