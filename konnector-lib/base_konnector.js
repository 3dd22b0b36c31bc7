// BaseKonnector: the class konnectors start from. `new BaseKonnector(fetch)` runs at once:
// the account (COZY_FIELDS `account`, through the host: the token never enters the isolate)
// gives `fields` (its auth, and folderPath, the run's folder), COZY_PARAMETERS gives
// `parameters`, then fetch(fields, parameters) (or main) runs bound to the konnector. An
// error ends the run as the real library ends it: a `critical` line with the error's message
// (an error code such as LOGIN_FAILED, which the stack shows the user) and exit status 1.
'use strict';

const fs = require('fs');
const path = require('path');
const { account, files } = require('konnector-lib/internal/cozy');
const manifest = require('konnector-lib/manifest');
const saveBills = require('konnector-lib/save_bills');
const saveFiles = require('konnector-lib/save_files');
const saveIdentity = require('konnector-lib/save_identity');
const updateOrCreate = require('konnector-lib/update_or_create');
const { get } = require('konnector-lib/internal/objects');
const logger = require('konnector-lib/internal/logger');

const log = logger.namespace('BaseKonnector');

// The stack reads at most this much of a log line's JSON.
const LOG_ERROR_MSG_LIMIT = 32 * 1024 - 1;
const TWOFA_DEFAULT_WAIT_MS = 3 * 60 * 1000;
const TWOFA_DEFAULT_HEARTBEAT_MS = 5 * 1000;

// Account data is held as a Secret, so that logging it by mistake fails instead of printing
// credentials.
const { Secret } = logger;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The path of the run's folder, when the job names one (folder_to_save or the account's
// folderId); NOT_EXISTING_DIRECTORY when it cannot be found.
async function findFolderPath(cozyFields, accountDoc) {
  if (!cozyFields.folder_to_save) log('info', 'No folder_to_save available in the trigger');
  const folderId = cozyFields.folder_to_save || accountDoc.folderId;
  if (!folderId) {
    log('debug', 'No folder needed');
    return undefined;
  }
  try {
    return await files.folder();
  } catch (err) {
    log('error', err.message);
    log('error', `error while getting the folder path of ${folderId}`);
    throw new Error('NOT_EXISTING_DIRECTORY');
  }
}

// The stack refuses a konnector whose user has not accepted new terms of service.
function checkTOS(err) {
  if (err && err.reason && err.reason.length && err.reason[0] && err.reason[0].title === 'TOS Updated') {
    throw new Error('TOS_NOT_ACCEPTED');
  }
}

// Uncaught errors and signals end the run with a critical line, as the real library does.
let handlersAttached = false;
function attachProcessEventHandlers() {
  if (handlersAttached) return;
  handlersAttached = true;
  const die = (message, label, status) => {
    log('critical', message, label);
    process.exit(status);
  };
  process.on('uncaughtException', (err) => die(err.message, 'uncaught exception', 1));
  process.on('unhandledRejection', (err) => die(err.message, 'unhandled exception', 1));
  process.on('SIGTERM', () => die('The konnector got a SIGTERM', undefined, 128 + 15));
  process.on('SIGINT', () => die('The konnector got a SIGINT', undefined, 128 + 2));
}

function once(fn) {
  let called = false;
  let result;
  return function (...args) {
    if (!called) {
      called = true;
      result = fn.apply(this, args);
    }
    return result;
  };
}

class BaseKonnector {
  constructor(fetch) {
    if (typeof fetch === 'function') {
      this.fetch = fetch.bind(this);
      return this.run();
    }
    this.deactivateAutoSuccessfulLogin = once(this.deactivateAutoSuccessfulLogin);
    attachProcessEventHandlers();
  }

  async run() {
    try {
      log('debug', 'Preparing konnector...');
      await this.initAttributes();
      log('debug', 'Running konnector main...');
      await this.main(this.fields, this.parameters);
      await this.end();
    } catch (err) {
      log('warn', 'Error from konnector');
      await this.fail(err);
    }
  }

  main() {
    return this.fetch(this.fields, this.parameters);
  }

  end() {
    log('debug', 'The connector has been run');
  }

  fail(err) {
    log('debug', 'Error caught by BaseKonnector');
    this.terminate(err.message || err);
  }

  async getAccount(accountId) {
    try {
      const found = await account.get();
      if (!found) throw new Error(`the run's account ${accountId} was not found`);
      return found;
    } catch (err) {
      checkTOS(err);
      log('error', err.message);
      log('error', `Account ${accountId} does not exist`);
      throw new Error('CANNOT_FIND_ACCOUNT');
    }
  }

  // COZY_PAYLOAD: JSON, or `@file` naming a JSON file in the konnector's folder; null if none.
  async readPayload() {
    const payload = process.env.COZY_PAYLOAD;
    if (payload == null) return null;
    if (payload[0] === '@') {
      const file = path.resolve(process.cwd(), payload.slice(1));
      try {
        return JSON.parse(await fs.promises.readFile(file, 'utf8'));
      } catch (err) {
        throw new Error(`Error while reading file ${file} payload: ${err.message}`);
      }
    }
    try {
      return JSON.parse(payload);
    } catch (err) {
      throw new Error('Could not parse JSON in COZY_PAYLOAD: ' + payload);
    }
  }

  async initAttributes() {
    const cozyFields = JSON.parse(process.env.COZY_FIELDS || '{}');
    this.parameters = JSON.parse(process.env.COZY_PARAMETERS || '{}');

    const accountDoc = cozyFields.account ? await this.getAccount(cozyFields.account) : {};
    if (!accountDoc || !accountDoc._id) log('warn', 'No account was retrieved from getAccount');
    this.accountId = accountDoc._id;
    this._account = new Secret(accountDoc);

    const folderPath = await findFolderPath(cozyFields, accountDoc);
    cozyFields.folder_to_save = folderPath;
    this.fields = Object.assign({}, accountDoc.auth, accountDoc.oauth, folderPath ? { folderPath } : {});
  }

  // Data kept in the account between runs (its `data`), merged unless options.merge is false.
  saveAccountData(data, options = {}) {
    const merge = options.merge === undefined ? true : options.merge;
    const start = merge ? { ...this.getAccountData() } : {};
    return this.updateAccountAttributes({ data: { ...start, ...data } }).then((saved) => saved.data);
  }

  getAccountData() {
    return new Secret(this._account.data || {});
  }

  async updateAccountAttributes(attributes) {
    const saved = await account.update(attributes);
    this._account = new Secret(saved);
    return saved;
  }

  // The account's state tells the user (in Cozy's home) what kind of 2FA code is awaited.
  async setTwoFAState({ type, retry = false } = {}) {
    let state = retry ? 'TWOFA_NEEDED_RETRY' : 'TWOFA_NEEDED';
    const suffixes = { email: '.EMAIL', sms: '.SMS', app_code: '.APP_CODE', app: '.APP' };
    if (Object.prototype.hasOwnProperty.call(suffixes, type)) state += suffixes[type];
    log('debug', `Setting ${state} state into the current account`);
    await this.updateAccountAttributes({ state, twoFACode: null });
  }

  async resetTwoFAState() {
    await this.updateAccountAttributes({ state: null, twoFACode: null });
  }

  // Asks the user for a 2FA code through the account and polls it for options.endTime
  // (default 3 minutes), every options.heartBeat ms; only a manual run can ask.
  async waitForTwoFaCode(options = {}) {
    if (process.env.COZY_JOB_MANUAL_EXECUTION !== 'true') {
      log('warn', 'waitForTwoFaCode: this in not a manual execution. It is not possible to handle 2FA here.');
      throw new Error('USER_ACTION_NEEDED.TWOFA_EXPIRED');
    }
    options = {
      type: 'email',
      endTime: Date.now() + TWOFA_DEFAULT_WAIT_MS,
      heartBeat: TWOFA_DEFAULT_HEARTBEAT_MS,
      retry: false,
      ...options,
    };
    if (options.timeout) {
      log('warn', 'The timeout option for waitForTwoFaCode is deprecated. Please use the endTime option now');
      options.endTime = options.timeout;
    }
    await this.setTwoFAState({ type: options.type, retry: options.retry });
    let current = {};
    while (Date.now() < options.endTime && !current.twoFACode) {
      await sleep(options.heartBeat);
      current = (await account.get()) || {};
      log('debug', `current accountState : ${current.state}`);
      log('debug', `current twoFACode : ${current.twoFACode}`);
    }
    if (current.twoFACode) {
      await this.resetTwoFAState();
      return current.twoFACode;
    }
    throw new Error('USER_ACTION_NEEDED.TWOFA_EXPIRED');
  }

  async notifySuccessfulLogin() {
    log('debug', 'Notify Cozy-Home of successful login');
    await this.updateAccountAttributes({ state: 'LOGIN_SUCCESS' });
  }

  // Cozy's home takes 8 s without error as a successful login, unless told to wait for
  // notifySuccessfulLogin (for 2FA).
  async deactivateAutoSuccessfulLogin() {
    log('debug', 'Deactivating auto success for Cozy-Home');
    await this.updateAccountAttributes({ state: 'HANDLE_LOGIN_SUCCESS' });
  }

  saveBills(entries, fields, options) {
    return saveBills(entries, fields, {
      sourceAccount: this.accountId,
      sourceAccountIdentifier: fields.login,
      ...options,
    });
  }

  saveFiles(entries, fields, options) {
    return saveFiles(entries, fields, {
      sourceAccount: this.accountId,
      sourceAccountIdentifier: fields.login,
      ...options,
    });
  }

  updateOrCreate(entries, doctype, matchingAttributes, options) {
    return updateOrCreate(entries, doctype, matchingAttributes, {
      sourceAccount: this.accountId,
      sourceAccountIdentifier: get(options, 'fields.login'),
      ...options,
    });
  }

  saveIdentity(contact, accountIdentifier, options = {}) {
    return saveIdentity(contact, accountIdentifier, {
      sourceAccount: this.accountId,
      sourceAccountIdentifier: accountIdentifier,
      ...options,
    });
  }

  // signin, with Cozy's home told to wait for the login and then told it succeeded (unless
  // options.notifySuccessfulLogin is false).
  async signin(options = {}) {
    await this.deactivateAutoSuccessfulLogin();
    const { notifySuccessfulLogin, ...signinOptions } = options;
    const result = await require('konnector-lib/signin')(signinOptions);
    if (notifySuccessfulLogin !== false) await this.notifySuccessfulLogin();
    return result;
  }

  // Ends the run now with `err` (an error code) as the job's error.
  terminate(err) {
    log('critical', String(err).slice(0, LOG_ERROR_MSG_LIMIT));
    process.exit(1);
  }

  getCozyMetadata(data) {
    Object.assign(data, { sourceAccount: this.accountId });
    return manifest.getCozyMetadata(data);
  }
}

BaseKonnector.findFolderPath = findFolderPath;
BaseKonnector.checkTOS = checkTOS;

module.exports = BaseKonnector;
