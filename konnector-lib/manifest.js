// The konnector's manifest.konnector and the cozyMetadata the library stamps on the
// documents it saves. A webpack bundle has the manifest compiled in; an unbundled
// konnector run by kvm has it in its folder, the run's working directory.
'use strict';

const fs = require('fs');
const path = require('path');

const MANIFEST_FILE = 'manifest.konnector';

function readManifest() {
  const file = path.join(process.cwd(), MANIFEST_FILE);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    // A lone script has no manifest: documents then carry no createdByApp, as in the real
    // library's development mode.
    if (err.code === 'ENOENT') return {};
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${err.message}): fix the konnector's manifest`);
  }
}

let manifest = null;

function current() {
  manifest ??= readManifest();
  return manifest;
}

function setManifest(data) {
  manifest = data;
}

// cozyMetadata for a document the konnector creates or updates: the app's slug and version
// as creator and last updater, dates as of now; `data` wins over the defaults, and an
// `updatedByApps` entry of this app is refreshed.
function getCozyMetadata(data = {}) {
  const { slug, version } = current();
  const now = new Date(Date.now());
  const defaults = {
    doctypeVersion: 1,
    metadataVersion: 1,
    createdAt: now,
    createdByApp: slug,
    createdByAppVersion: version,
    updatedAt: now,
    updatedByApps: [{ slug, date: now, version }],
  };
  if (data.updatedByApps) {
    const index = data.updatedByApps.findIndex((app) => app.slug === slug);
    if (index !== -1) data.updatedByApps[index] = defaults.updatedByApps[0];
  }
  return { ...defaults, ...data };
}

module.exports = {
  get data() {
    return current();
  },
  getCozyMetadata,
  setManifest,
};
