// saveFiles(entries, fields, options): each entry's file saved in the konnector's folder
// (fields.folderPath, or entry/options subPath), unless already there: downloaded from
// `fileurl` (with `requestOptions`, through requestFactory or options.requestInstance), got
// from `fetchFile(entry)`, or given as `filestream`. Each entry gets `fileDocument`, the
// saved file. Dedup as the real library: files carry `metadata.fileIdAttributes` (the
// entry's values of options.fileIdAttributes) and the account in their cozyMetadata, and
// are found again by them (else by their path); one found is replaced when
// `shouldReplaceFile` (default: the file lacks the metadata the entry brings) says so. A file
// failing validateFile (empty, or of another type than its extension says) is deleted.
//
// What differs, for want of a capability (the host renames no file and references none):
// `shouldReplaceName` is ignored with a warning, and the subfolders made for contracts or
// subPath are not referenced by the konnector, the account and the contract.
'use strict';

const path = require('path');
const { files } = require('konnector-lib/internal/cozy');
const manifest = require('konnector-lib/manifest');
const mime = require('konnector-lib/internal/mime');
const { get } = require('konnector-lib/internal/objects');
const { isDeepStrictEqual } = require('util');
const log = require('konnector-lib/internal/logger').namespace('saveFiles');

// The stack stops a konnector after 5 minutes: by default, stop saving after 4.
const DEFAULT_TIMEOUT = Date.now() + 4 * 60 * 1000;
const BAD_DOWNLOADED_FILE = 'BAD_DOWNLOADED_FILE';

async function saveFiles(entries, fields, options = {}) {
  if (!entries || entries.length === 0) log('warn', 'No file to download');
  if (!options.sourceAccount) log('warn', 'There is no sourceAccount given to saveFiles');
  if (!options.sourceAccountIdentifier) {
    log('warn', 'There is no sourceAccountIdentifier given to saveFiles');
  }
  if (typeof fields !== 'object') {
    log('debug', 'Deprecation warning, saveFiles 2nd argument should not be a string');
    fields = { folderPath: fields };
  }
  const saveOptions = {
    folderPath: fields.folderPath,
    fileIdAttributes: options.fileIdAttributes,
    timeout: options.timeout || DEFAULT_TIMEOUT,
    concurrency: options.concurrency || 1,
    retry: options.retry || 1,
    postProcess: options.postProcess,
    postProcessFile: options.postProcessFile,
    contentType: options.contentType,
    requestInstance: options.requestInstance,
    fetchFile: options.fetchFile,
    shouldReplaceFile: options.shouldReplaceFile,
    validateFile: options.validateFile || defaultValidateFile,
    validateFileContent:
      options.validateFileContent === true
        ? defaultValidateFileContent
        : typeof options.validateFileContent === 'function'
          ? options.validateFileContent
          : undefined,
    subPath: options.subPath,
    contract: options.contract,
    sourceAccountOptions: {
      sourceAccount: options.sourceAccount,
      sourceAccountIdentifier: options.sourceAccountIdentifier,
    },
  };
  warnOfPathDeduplication(saveOptions);

  const savedEntries = [];
  let created = 0;
  try {
    await eachWithConcurrency(entries || [], saveOptions.concurrency, async (entry) => {
      for (const key of ['fileurl', 'filename', 'shouldReplaceName', 'requestOptions']) {
        if (entry[key]) entry[key] = valueOf(entry[key], entry, options);
      }
      if (entry.filestream && !entry.filename) {
        log('warn', 'Missing filename property for for filestream entry, entry is ignored');
        return;
      }
      if (entry.shouldReplaceName) {
        log('warn', `shouldReplaceName: kvm cannot rename files, ${entry.shouldReplaceName} keeps its name`);
        delete entry.shouldReplaceName;
      }
      let saved = { ...entry };
      if (entry.fetchFile || entry.fileurl || entry.requestOptions || entry.filestream) {
        const folderPath = await destinationFolder(entry, saveOptions);
        saved = await saveEntry(entry, { ...saveOptions, folderPath });
        if (entry._cozy_file_to_create) {
          created++;
          delete entry._cozy_file_to_create;
        }
      }
      savedEntries.push(saved);
    });
  } catch (err) {
    if (err.message !== 'TIMEOUT') throw err;
    log(
      'warn',
      `saveFile timeout: still ${entries.length - savedEntries.length} / ${entries.length} to download`,
    );
  }
  log(
    options.verboseFilesLog ? 'warn' : 'info',
    `saveFiles created ${created} files for ${savedEntries.length} entries`,
  );
  return savedEntries;
}

// Runs `fn` on each item, at most `limit` at a time, stopping at the first failure.
async function eachWithConcurrency(items, limit, fn) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function valueOf(value, ...args) {
  return typeof value === 'function' ? value.apply(value, args) : value;
}

function warnOfPathDeduplication(options) {
  if (!options.fileIdAttributes) {
    log('warn', 'saveFiles: no deduplication key is defined, file deduplication will be based on file path');
  }
  if (!manifest.data.slug) {
    log('warn', 'saveFiles: no slug is defined for the current connector, file deduplication will be based on file path');
  }
  if (!options.sourceAccountOptions.sourceAccountIdentifier) {
    log('warn', 'saveFiles: no sourceAccountIdentifier is defined in options, file deduplication will be based on file path');
  }
}

// The folder of the entry's file: the konnector's, or its subfolder named by the contract
// or subPath (made when the account is known, as the real library does).
async function destinationFolder(entry, options) {
  const subPath =
    (entry.contract && entry.contract.name) ||
    (options.contract && options.contract.name) ||
    entry.subPath ||
    options.subPath;
  if (!subPath) return options.folderPath;
  const folderPath = `${options.folderPath}/${subPath}`;
  try {
    if (options.sourceAccountOptions.sourceAccountIdentifier) await files.mkdirp(folderPath);
  } catch (err) {
    throw new Error(
      `cozy-konnector-libs::saveFiles Error in getOrCreateDestinationPath. Cannot save files: ${err.message}`,
    );
  }
  return folderPath;
}

async function saveEntry(entry, options) {
  if (options.timeout && Date.now() > options.timeout) {
    const remaining = Math.floor((options.timeout - Date.now()) / 1000);
    log('info', `${remaining}s timeout finished for ${options.folderPath}`);
    throw new Error('TIMEOUT');
  }

  let file = await existingFile(entry, options);
  let replace = false;
  if (file) {
    try {
      replace = await shouldReplaceFile(file, entry, options);
    } catch (err) {
      log('info', `Error in shouldReplaceFile : ${err.message}`);
      replace = true;
    }
  }

  try {
    if (!file || replace) {
      log('debug', `File ${filePath(options, fileName(entry))} does not exist yet or is not valid`);
      entry._cozy_file_to_create = true;
      file = await withRetries(options.retry, () => writeFile(entry, options, replace ? file : null)).catch(
        (err) => {
          if (err.message === BAD_DOWNLOADED_FILE) {
            log('warn', `Could not download file after ${options.retry} tries removing the file`);
          } else if (err.status === 413) {
            throw err;
          } else {
            log('warn', 'unknown file download error: ' + err.message);
          }
        },
      );
    }
    entry.fileDocument = file;
    for (const key of ['fetchFile', 'requestOptions', 'filestream', 'shouldReplaceFile']) delete entry[key];
    if (options.postProcess) await options.postProcess(entry);
  } catch (err) {
    if (err.status === 413) throw new Error('DISK_QUOTA_EXCEEDED');
    log('warn', 'SAVE_FILE_FAILED');
    log(
      'warn',
      err.message,
      `Error caught while trying to save the file ${entry.fileurl ? entry.fileurl : entry.filename}`,
    );
  }
  return entry;
}

// `tries` attempts a second apart; the last failure is thrown.
async function withRetries(tries, attempt) {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

// The file already saved for the entry: by its key, when the konnector gives one and the
// account is known, else by its path; or null.
async function existingFile(entry, options) {
  const slug = manifest.data.slug;
  const identifier = options.sourceAccountOptions.sourceAccountIdentifier;
  if (options.fileIdAttributes && slug && identifier) {
    const key = fileKey(entry, options.fileIdAttributes);
    const found = await files.find({
      'metadata.fileIdAttributes': key,
      'cozyMetadata.createdByApp': slug,
      'cozyMetadata.sourceAccountIdentifier': identifier,
    });
    if (found.length > 1) log('warn', `Found ${found.length} files corresponding to ${key}`);
    if (found.length > 0) return fileDocument(found[0]);
    log('debug', 'not found');
  }
  const where = filePath(options, fileName(entry));
  log('debug', `Checking existence of ${where}`);
  try {
    const file = await files.statByPath(where);
    return file && fileDocument(file);
  } catch (err) {
    // Unreadable counts as absent, as in the real library: saving it then says why.
    log('debug', err.message);
    return null;
  }
}

// cozy-client's shape for a file, as the real library hands it out: the attributes also at
// the top level, beside `_id`, `id`, `_rev` and `attributes`.
function fileDocument(file) {
  return { ...file, id: file._id, ...file.attributes };
}

// The entry's file written: created, or `existing` replaced; checked by validateFile (and
// validateFileContent) afterwards.
async function writeFile(entry, options, existing) {
  const name = fileName(entry);
  const body = await fileBody(entry, options);
  // The type as cozy-client sends it: options.contentType (true: the host types the file by
  // its name, as mime-types would), text/plain for a string, else none (by its name too);
  // the entry's fileAttributes win.
  const contentType =
    options.contentType && options.contentType !== true
      ? options.contentType
      : !options.contentType && typeof body === 'string'
        ? 'text/plain'
        : undefined;
  const fileOptions = { contentType, ...entry.fileAttributes, ...options.sourceAccountOptions };
  if (options.fileIdAttributes) {
    fileOptions.metadata = {
      ...fileOptions.metadata,
      fileIdAttributes: fileKey(entry, options.fileIdAttributes),
    };
  }
  const saved = existing
    ? await files.replace(existing._id, body, fileOptions)
    : await files.create(options.folderPath, name, body, fileOptions);
  const file = fileDocument(saved);
  if (options.validateFile) {
    const valid =
      (await options.validateFile(file)) !== false &&
      (!options.validateFileContent || (await options.validateFileContent(file)));
    if (!valid) {
      await files.destroy(file._id);
      throw new Error(BAD_DOWNLOADED_FILE);
    }
  }
  return file;
}

// The bytes of the entry's file: its filestream, what fetchFile resolves to, or the
// download of fileurl (a Buffer, a string, a readable stream or a full response).
async function fileBody(entry, options) {
  if (entry.filestream) return bytesOf(await entry.filestream);
  const fetchFile = entry.fetchFile || options.fetchFile;
  if (fetchFile) return bytesOf(await fetchFile(entry));
  const download = requestInstance(options)(requestOptions(entry, options));
  if (options.postProcessFile) {
    log('warn', 'Be carefull postProcessFile option is deprecated. You should use the filestream attribute in each entry instead');
    return bytesOf(await options.postProcessFile(await download));
  }
  return bytesOf(await download);
}

async function bytesOf(value) {
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value && typeof value[Symbol.asyncIterator] === 'function') {
    const chunks = [];
    for await (const chunk of value) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks);
  }
  if (value && value.body !== undefined) return bytesOf(value.body);
  const what = value === null ? 'null' : (value && value.constructor && value.constructor.name) || typeof value;
  throw new TypeError(`saveFiles cannot save a ${what} as a file: give a Buffer, a string or a readable stream`);
}

function requestInstance(options) {
  if (options.requestInstance) return options.requestInstance;
  const requestFactory = require('konnector-lib/request_factory');
  return requestFactory({ json: false, cheerio: false, userAgent: true, jar: true });
}

// The download's options: the entry's requestOptions over a GET of fileurl with the run's
// cookie jar (unless the konnector brings its own request instance); bytes, not text.
function requestOptions(entry, options) {
  const defaults = { uri: entry.fileurl, method: 'GET' };
  if (!options.requestInstance) defaults.jar = true;
  return { ...defaults, ...entry.requestOptions, encoding: null };
}

// Whether an existing file is replaced: an invalid one always; else the entry's (or the
// options') shouldReplaceFile, by default when the entry brings metadata the file lacks.
async function shouldReplaceFile(file, entry, options) {
  if (options.validateFile && !(await options.validateFile(file))) {
    log('warn', `${attribute(file, 'name')} is invalid`);
    throw new Error(BAD_DOWNLOADED_FILE);
  }
  const decide = entry.shouldReplaceFile || options.shouldReplaceFile || lacksMetadata;
  return decide(file, entry, options);
}

function lacksMetadata(file, entry, options) {
  const differs = (key) => {
    let wanted = get(entry, `fileAttributes.metadata.${key}`);
    // A cozy-client Qualification object compares as the plain qualification it stands for.
    if (key === 'qualification' && wanted && typeof wanted.toQualification === 'function') {
      wanted = JSON.parse(JSON.stringify(wanted.toQualification()));
    }
    return !isDeepStrictEqual(attribute(file, `metadata.${key}`), wanted);
  };
  const reasons = {
    'metadata to add': !attribute(file, 'metadata') && Boolean(get(entry, 'fileAttributes.metadata')),
    'adding fileIdAttributes':
      !attribute(file, 'metadata.fileIdAttributes') && Boolean(options.fileIdAttributes),
    'adding sourceAccountIdentifier':
      Boolean(get(options, 'sourceAccountOptions.sourceAccountIdentifier')) &&
      !attribute(file, 'cozyMetadata.sourceAccountIdentifier'),
  };
  for (const [reason, holds] of Object.entries(reasons)) {
    if (holds) log('debug', `filereplacement: ${reason}`);
  }
  return Object.values(reasons).some(Boolean) || ['carbonCopy', 'electronicSafe', 'qualification'].some(differs);
}

function fileName(entry) {
  let name;
  if (entry.filename) {
    name = entry.filename;
  } else if (entry.fileurl) {
    name = path.posix.basename(require('url').parse(entry.fileurl).pathname);
  } else {
    log('error', 'Could not get a file name for the entry');
    return false;
  }
  return sanitizeFileName(name);
}

// Characters the stack refuses in a name removed.
function sanitizeFileName(name) {
  return name
    .replace(/^\.+$/, '')
    .replace(/[/?<>\\:*|"]/g, '')
    .replace(/[\x00-\x0F]/g, ''); // eslint-disable-line no-control-regex
}

function filePath(options, name) {
  return path.posix.join(options.folderPath, String(name));
}

// The entry's values of the attributes that identify its file, sorted by attribute name.
function fileKey(entry, attributes) {
  return attributes
    .sort()
    .map((key) => get(entry, key))
    .join('####');
}

function attribute(file, name) {
  return get(file, `attributes.${name}`, get(file, name));
}

// Not empty, and of the type its extension says (when the extension is one of those known).
function defaultValidateFile(file) {
  const name = attribute(file, 'name');
  const size = attribute(file, 'size');
  if (size === 0 || size === '0') {
    log('warn', `${name} is empty`);
    log('warn', 'BAD_FILE_SIZE');
    return false;
  }
  const type = attribute(file, 'mime');
  const expected = mime.lookup(path.extname(name));
  if (expected && type && expected !== type) {
    log('warn', `${name} and ${type} do not correspond`);
    log('warn', 'BAD_MIME_TYPE');
    return false;
  }
  return true;
}

// Office documents are zip archives: their magic number says zip.
const ZIP_BASED = new Set([
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

// The saved bytes are of the file's type (e.g. a PDF starts with `%PDF`).
async function defaultValidateFileContent(file) {
  const found = mime.sniff(await files.download(file._id));
  if (!found) {
    log('warn', 'Could not find mime type from file content');
    return false;
  }
  const type = attribute(file, 'mime');
  const matches = found === type || (found === 'application/zip' && ZIP_BASED.has(type));
  if (!defaultValidateFile(file) || !matches) {
    log('warn', `Wrong file type from content ${JSON.stringify({ mime: found })}`);
    return false;
  }
  return true;
}

module.exports = saveFiles;
module.exports.sanitizeFileName = sanitizeFileName;
