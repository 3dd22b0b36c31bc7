// The library's `signin({ url, formSelector, formData, parse, validate, ...requestOptions })`:
// loads the page at `url`, takes the first form `formSelector` matches, its inputs (hidden
// ones such as a CSRF token included) overridden by `formData` (an object, or a function of
// the page's `$`), and POSTs them urlencoded to the form's action resolved against `url`,
// as the real one does whatever the form's method. The response (redirects followed) is
// parsed by `parse` ('cheerio', the default, 'json' or 'raw') and must pass
// `validate(statusCode, parsed, fullResponse)` (default: status 200), else LOGIN_FAILED;
// a network failure or a status outside 2xx is VENDOR_DOWN. Resolves with the parsed body.
// Requests go through `requestInstance`, else a requestFactory with the run's jar.
'use strict';

const url = require('url');
const errors = require('konnector-lib/errors');
const requestFactory = require('konnector-lib/request_factory');
const log = require('konnector-lib/log');

const { RequestError, StatusCodeError } = requestFactory.errors;
const cheerio = () => require('konnector-lib/cheerio');

function parser(strategy) {
  switch (strategy) {
    case 'cheerio':
      return (body) => cheerio().load(body);
    case 'json':
      return JSON.parse;
    case 'raw':
      return (body) => body;
    default:
      log('error', `signin: parsing strategy \`${strategy}\` unknown. Use one of \`raw\`, \`cheerio\` or \`json\``);
      throw new Error('UNKNOWN_PARSING_STRATEGY');
  }
}

// [action, { name: value }] of the first element `formSelector` matches, which must be a form.
function readForm($, formSelector, pageUrl) {
  const form = $(formSelector).first();
  const action = form.attr('action') || pageUrl;
  if (!form.is('form')) {
    log('error', 'element matching `' + formSelector + '` is not a `form`');
    throw new Error('INVALID_FORM');
  }
  const inputs = {};
  for (const { name, value } of form.serializeArray()) inputs[name] = value;
  return [action, inputs];
}

function vendorDown(err) {
  if (err instanceof RequestError || err instanceof StatusCodeError) {
    log('error', err);
    throw new Error(errors.VENDOR_DOWN);
  }
  throw err;
}

function signin({
  url: pageUrl,
  formSelector,
  formData = {},
  parse = 'cheerio',
  validate = (statusCode) => statusCode === 200,
  ...requestOptions
} = {}) {
  if (pageUrl === undefined) throw new Error('signin: `url` must be defined');
  if (formSelector === undefined) throw new Error('signin: `formSelector` must be defined');
  const rq = requestOptions.requestInstance || requestFactory({ jar: true, json: false, ...requestOptions });
  const parseBody = parser(parse);
  return rq({ uri: pageUrl, transform: (body) => cheerio().load(body) })
    .catch(vendorDown)
    .then(($) => {
      const data = typeof formData === 'function' ? formData($) : formData;
      const [action, inputs] = readForm($, formSelector, pageUrl);
      for (const name in data) inputs[name] = data[name];
      return rq({
        uri: url.resolve(pageUrl, action),
        method: 'POST',
        form: { ...inputs },
        transform: (body, response) => [response.statusCode, parseBody(body), response],
        headers: { Referer: pageUrl },
      }).catch(vendorDown);
    })
    .then(([statusCode, parsed, fullResponse]) => {
      if (!validate(statusCode, parsed, fullResponse)) throw new Error(errors.LOGIN_FAILED);
      return parsed;
    });
}

module.exports = signin;
