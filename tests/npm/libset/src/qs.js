'use strict';

const qs = require('qs');

module.exports = function qsSection(print) {
  const query = {
    filter: { vendor: ['edf', 'free'], amount: { gte: 10, lt: 100 } },
    sort: '-date',
    page: { size: 20, number: 2 },
    q: 'déjà vu & co',
    empty: '',
    nil: null,
  };
  print('default', qs.stringify(query));
  print('brackets', qs.stringify(query, { arrayFormat: 'brackets', encode: false }));
  print('repeat', qs.stringify({ a: [1, 2], b: { c: [3] } }, { arrayFormat: 'repeat' }));
  print('comma', qs.stringify({ a: [1, 2], d: new Date(Date.UTC(2024, 0, 2)) }, { arrayFormat: 'comma' }));
  print('dots', qs.stringify({ a: { b: { c: 1 } } }, { allowDots: true, addQueryPrefix: true }));
  print('skipNulls', qs.stringify({ a: null, b: undefined, c: 0 }, { skipNulls: true, strictNullHandling: true }));
  print('rfc1738', qs.stringify({ s: 'a b+c' }, { format: 'RFC1738' }));
  print('parse', qs.parse('filter[vendor][]=edf&filter[vendor][]=free&filter[amount][gte]=10&page[size]=20&q=d%C3%A9j%C3%A0%20vu'));
  print('parse depth', qs.parse('a[b][c][d][e][f][g]=x', { depth: 2 }));
  print('parse dots', qs.parse('a.b.c=1&x[0]=a&x[2]=c', { allowDots: true }));
  print('parse latin1', qs.parse('q=d%E9j%E0', { charset: 'iso-8859-1' }));
  print('parse limit', qs.parse('a=1&b=2&c=3', { parameterLimit: 2 }));
  print('round trip', qs.parse(qs.stringify(query), { strictNullHandling: true }));
};
