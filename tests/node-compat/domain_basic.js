// domain (minimal): create, run with domain.active / process.domain, add/remove members, bind,
// intercept (an Error argument goes to the domain's 'error' listeners), enter/exit stacking.
const domain = require('domain');
const EventEmitter = require('events');

const d = domain.create();
console.log('create:', d instanceof domain.Domain, d instanceof EventEmitter, Array.isArray(d.members),
  domain.active, process.domain);
d.on('error', (e) => console.log('domain error:', e.message, e.domainThrown, e.domain === d,
  typeof e.domainBound));
const result = d.run((a) => {
  console.log('inside run:', domain.active === d, process.domain === d, domain._stack.length);
  return a * 2;
}, 21);
console.log('run returned:', result, domain.active, domain._stack.length);

const member = new EventEmitter();
d.add(member);
console.log('add:', member.domain === d, d.members.length);
d.remove(member);
console.log('remove:', member.domain, d.members.length);

const bound = d.bind(function (x) {
  return [domain.active === d, this.t, x];
});
console.log('bind:', JSON.stringify(bound.call({ t: 1 }, 'x')), bound.domain === d);
const intercepted = d.intercept((a, b) => console.log('intercepted:', a, b, domain.active === d));
intercepted(null, 1, 2);
intercepted(new Error('via callback'));

const other = domain.createDomain();
d.enter();
other.enter();
console.log('stacked:', domain._stack.length, domain.active === other);
d.exit();
console.log('exit leaves both:', domain._stack.length, domain.active);
