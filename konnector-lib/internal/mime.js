// Media types for saveFiles' checks: by file extension (the types konnectors save; the real
// library asks the whole mime-db) and by content (magic numbers of the same types).
'use strict';

const BY_EXTENSION = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  xml: 'application/xml',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  eml: 'message/rfc822',
};

// The type of an extension (with or without its dot, any case), or null when unknown here.
function lookup(extension) {
  const ext = String(extension).replace(/^\./, '').toLowerCase();
  return Object.prototype.hasOwnProperty.call(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : null;
}

// [type, offset, leading bytes]
const MAGIC = [
  ['application/pdf', 0, [0x25, 0x50, 0x44, 0x46]], // %PDF
  ['image/png', 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', 0, [0xff, 0xd8, 0xff]],
  ['image/gif', 0, [0x47, 0x49, 0x46, 0x38]], // GIF8
  ['image/webp', 8, [0x57, 0x45, 0x42, 0x50]], // RIFF....WEBP
  ['image/tiff', 0, [0x49, 0x49, 0x2a, 0x00]],
  ['image/tiff', 0, [0x4d, 0x4d, 0x00, 0x2a]],
  ['image/bmp', 0, [0x42, 0x4d]],
  ['application/zip', 0, [0x50, 0x4b, 0x03, 0x04]],
];

// The type the content's leading bytes announce, or null.
function sniff(bytes) {
  for (const [type, offset, magic] of MAGIC) {
    if (bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b)) {
      return type;
    }
  }
  return null;
}

module.exports = { lookup, sniff };
