// normalizeFilename(basename, ext): a file name any OS and the stack accept — characters
// forbidden somewhere (`<>:"/\|?*`, NUL) and runs of whitespace become one space, ends trimmed.
'use strict';

const UNSAFE_RUNS = /[<>:"/\\|?*\0\s]+/g;

function normalizeFilename(basename, ext) {
  const name = basename.replace(UNSAFE_RUNS, ' ').trim();
  if (name === '') {
    throw new Error(`Cannot find any filename-compatible character in ${JSON.stringify(name)}!`);
  }
  // As the real one: any given extension gets its dot, even an empty one.
  const suffix = ext == null || ext.startsWith('.') ? (ext ?? '') : '.' + ext;
  return name + suffix;
}

module.exports = normalizeFilename;
