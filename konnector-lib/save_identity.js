// saveIdentity(identity, accountIdentifier, options): the user's io.cozy.identities document
// for this konnector and account (`identifier`), its contact cleaned (lists for phone,
// address and email, digits-only numbers, one-line addresses, trimmed strings). Merged into
// the existing one by updateOrCreate, or, with options.merge === false, replacing its contact.
'use strict';

const { data } = require('konnector-lib/internal/cozy');
const manifest = require('konnector-lib/manifest');
const updateOrCreate = require('konnector-lib/update_or_create');
const log = require('konnector-lib/internal/logger').namespace('saveIdentity');

const DOCTYPE = 'io.cozy.identities';

async function saveIdentity(contactOrIdentity, accountIdentifier, options = {}) {
  log('debug', 'saving user identity');
  if (accountIdentifier == null) {
    log('warn', "Can't set identity as no accountIdentifier was provided");
    return;
  }
  if (contactOrIdentity == null) {
    log('warn', "Can't set identity as no identity was provided");
    return;
  }
  // An identity always holds some contact information; anything else is a bare contact.
  const isIdentity = Boolean(contactOrIdentity.contact);
  if (!isIdentity) {
    log('warn', 'passing a io.cozy.contacts object is deprecated, please pass a full identity object');
  }
  const identity = isIdentity ? contactOrIdentity : { contact: contactOrIdentity };
  identity.identifier = accountIdentifier;
  identity.contact = trimProperties(formatIdentityContact(identity.contact));

  if (options.merge == false) {
    await replaceContact(identity, accountIdentifier);
  } else {
    await updateOrCreate([identity], DOCTYPE, ['identifier', 'cozyMetadata.createdByApp'], {
      ...options,
      sourceAccountIdentifier: accountIdentifier,
    });
  }
}

// The merge: false path: the contact of this app's identity for the account is replaced
// whole; cozyMetadata as cozy-client stamps it on a creation or an update.
async function replaceContact(identity, accountIdentifier) {
  const { slug, version } = manifest.data;
  const existing = await data.find(DOCTYPE, {
    identifier: accountIdentifier,
    'cozyMetadata.createdByApp': slug,
  });
  if (existing.length > 1) log('warn', 'Multiple identity for same identifier');
  const now = new Date().toISOString();
  const stamp = { date: now, slug, version };
  if (existing.length >= 1) {
    log('debug', 'Updating existing identity');
    const doc = existing[0];
    const previous = doc.cozyMetadata || {};
    doc.contact = identity.contact;
    doc.cozyMetadata = {
      ...previous,
      updatedAt: now,
      updatedByApps: [stamp, ...(previous.updatedByApps || []).filter((app) => app.slug !== slug)],
    };
    await data.update(DOCTYPE, doc);
    return;
  }
  const account = JSON.parse(process.env.COZY_FIELDS || '{}').account;
  const cozyMetadata = {
    metadataVersion: 1,
    createdByApp: slug,
    sourceAccount: account,
    createdAt: now,
    createdByAppVersion: version,
    updatedAt: now,
    updatedByApps: slug ? [stamp] : [],
    ...identity.cozyMetadata,
  };
  try {
    await data.create(DOCTYPE, { ...identity, cozyMetadata });
  } catch (err) {
    log('error', err);
  }
}

// Markup and line breaks out of formatted addresses.
function formatAddress(addresses) {
  for (const address of addresses) {
    if (address.formattedAddress) {
      address.formattedAddress = address.formattedAddress
        .replace(/<[^>]*>/g, '')
        .replace(/\r\n|[\n\r]/g, ' ');
    } else {
      log('warn', 'There is no formattedAddress in address object');
    }
  }
  return addresses;
}

// Phone numbers keep only digits, `+` and `.`.
function formatPhone(phones) {
  for (const phone of phones) {
    if (phone.number) {
      phone.number = phone.number.replace(/[^\d.+]/g, '');
    } else {
      log('warn', 'There is no number in phone object');
    }
  }
  return phones;
}

// A copy of the contact with phone, address and email as lists of objects.
function formatIdentityContact(contactToFormat) {
  const contact = { ...contactToFormat };
  const asList = (key, wrap) => {
    if (!Array.isArray(contact[key])) {
      log('warn', `formatIdentityContact ${key[0].toUpperCase()}${key.slice(1)} is not an array, you should fix it`);
      contact[key] = [wrap(contact[key])];
    }
  };
  if (contact.phone) {
    asList('phone', (number) => ({ number }));
    contact.phone = formatPhone(contact.phone);
  }
  if (contact.address) {
    asList('address', (formattedAddress) => ({ formattedAddress }));
    contact.address = formatAddress(contact.address);
  }
  if (contact.email) asList('email', (address) => ({ address }));
  return contact;
}

// Every string of the object, at any depth, trimmed in place.
function trimProperties(obj) {
  for (const key in obj) {
    if (typeof obj[key] === 'string') obj[key] = obj[key].trim();
    else if (typeof obj[key] === 'object' && obj[key] !== null) trimProperties(obj[key]);
  }
  return obj;
}

module.exports = saveIdentity;
module.exports.saveIdentity = saveIdentity;
module.exports.formatIdentityContact = formatIdentityContact;
module.exports.trimProperties = trimProperties;
