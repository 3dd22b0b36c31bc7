// Exercises each library of the set with real work and prints deterministic results:
// node and kvm must print the same lines (tests/npm_bundle.rs). One module per library;
// they run in order so the output does not depend on scheduling between them.
'use strict';

const sections = [
  ['lodash', require('./lodash')],
  ['moment', require('./moment')],
  ['cheerio', require('./cheerio')],
  ['bluebird', require('./bluebird')],
  ['tough-cookie', require('./tough_cookie')],
  ['form-data', require('./form_data')],
  ['qs', require('./qs')],
  ['iconv-lite', require('./iconv_lite')],
];

async function main() {
  for (const [name, run] of sections) {
    const print = (label, value) =>
      console.log(`${name} ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    await run(print);
  }
  console.log('done');
}

main().catch((error) => {
  console.log(`failed: ${error && error.stack}`);
  process.exitCode = 1;
});
