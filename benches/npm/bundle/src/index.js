// The bundle of benches/bundle.rs: real libraries a konnector bundle carries, all loaded and
// evaluated at start as a konnector's top level does, then one line naming what loaded.
'use strict';

const libraries = {
  lodash: require('lodash'),
  moment: require('moment'),
  cheerio: require('cheerio'),
  bluebird: require('bluebird'),
  'tough-cookie': require('tough-cookie'),
  'form-data': require('form-data'),
  qs: require('qs'),
  'iconv-lite': require('iconv-lite'),
  request: require('request'),
  'date-fns': require('date-fns'),
};

console.log(Object.entries(libraries)
  .map(([name, exports]) => `${name}:${Object.keys(exports).length}`)
  .join(' '));
