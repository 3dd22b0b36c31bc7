'use strict';

const _ = require('lodash');

const bills = [
  { vendor: 'edf', amount: 61.2, date: '2024-01-15', paid: true },
  { vendor: 'free', amount: 29.99, date: '2024-01-03', paid: true },
  { vendor: 'edf', amount: 58.4, date: '2024-02-15', paid: false },
  { vendor: 'orange', amount: 42, date: '2024-02-07', paid: true },
  { vendor: 'free', amount: 29.99, date: '2024-02-03', paid: false },
];

module.exports = function lodash(print) {
  print('totals', _.chain(bills)
    .groupBy('vendor')
    .mapValues((list) => _.round(_.sumBy(list, 'amount'), 2))
    .toPairs()
    .sortBy(([, total]) => -total)
    .value());
  print('unpaid', _(bills).reject('paid').map('date').sortBy().join(','));
  print('byMonth', _.countBy(bills, (b) => b.date.slice(0, 7)));
  print('merge', _.merge({ a: { b: [1, { c: 2 }] } }, { a: { b: [3, { d: 4 }] }, e: 5 }));
  const deep = { list: [{ when: new Date(Date.UTC(2024, 0, 1)) }], re: /x+/gi };
  const copy = _.cloneDeep(deep);
  print('cloneDeep', [copy.list[0].when !== deep.list[0].when, copy.list[0].when.toISOString(), String(copy.re)]);
  print('strings', [_.kebabCase('Facture Électricité 2024'), _.camelCase('bill-due_date'),
    _.startCase('saveBills'), _.deburr('déjà vu'), _.padStart('7', 3, '0'), _.truncate('a'.repeat(40), { length: 12 })]);
  print('template', _.template('<%= vendor %>: <% _.forEach(items, function(i) { %>[<%- i %>]<% }); %>')({
    vendor: 'EDF & co', items: ['<b>', 'ok'],
  }));
  print('sets', [_.uniqBy(bills, 'vendor').length, _.intersection([1, 2, 3, 4], [2, 4, 6]),
    _.difference([1, 2, 3, 4], [2, 4]), _.xorBy([{ x: 1 }, { x: 2 }], [{ x: 1 }], 'x')]);
  print('paths', [_.get({ a: [{ b: { c: 3 } }] }, 'a[0].b.c'), _.set({}, 'x.y[1].z', 'v'),
    _.has({ a: { b: 1 } }, ['a', 'b']), _.pick({ a: 1, b: 2, c: 3 }, ['a', 'c'])]);
  print('math', [_.chunk(_.range(1, 11), 3), _.zip(['a', 'b'], [1, 2]), _.partition([1, 2, 3, 4, 5], (n) => n % 2),
    _.meanBy(bills, 'amount'), _.maxBy(bills, 'amount').vendor]);
  const memo = _.memoize((n) => n * n);
  memo(4); memo(4);
  print('memoize', [memo.cache.size, memo(4), _.isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })]);
};
