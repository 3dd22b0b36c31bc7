// os: types and shapes only (kvm answers neutral values by design, DESIGN §3), plus the values
// that are the same on any Linux x64 machine.
const os = require('os');

const type = (value) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

for (const name of ['arch', 'availableParallelism', 'cpus', 'endianness', 'freemem', 'getPriority',
  'homedir', 'hostname', 'loadavg', 'machine', 'networkInterfaces', 'platform', 'release',
  'tmpdir', 'totalmem', 'type', 'uptime', 'userInfo', 'version']) {
  console.log(`${name}() -> ${type(os[name]())}`);
}
console.log('EOL', JSON.stringify(os.EOL), 'devNull', os.devNull);
console.log('fixed:', os.arch(), os.platform(), os.type(), os.endianness(), os.machine());
console.log('as strings:', `${os.platform}`, `${os.arch}`, `${os.type}`, String(os.endianness));

const cpus = os.cpus();
console.log('cpus:', cpus.length >= 1, Object.keys(cpus[0]).join(','), typeof cpus[0].model,
  typeof cpus[0].speed, Object.keys(cpus[0].times).join(','));
console.log('loadavg:', os.loadavg().length, os.loadavg().every((n) => typeof n === 'number'));
console.log('memory:', os.totalmem() > 0, os.freemem() > 0, os.freemem() <= os.totalmem());
console.log('parallelism:', Number.isInteger(os.availableParallelism()), os.availableParallelism() >= 1);
console.log('uptime:', os.uptime() >= 0);
console.log('homedir absolute:', os.homedir().startsWith('/'), 'tmpdir absolute:', os.tmpdir().startsWith('/'));

const info = os.userInfo();
console.log('userInfo:', Object.getPrototypeOf(info) === null, Object.keys(info).join(','),
  typeof info.uid, typeof info.gid, typeof info.username, typeof info.homedir, typeof info.shell);
console.log('networkInterfaces:', type(os.networkInterfaces()));
console.log('getPriority:', os.getPriority(), os.getPriority(0));
for (const bad of ['a', 1.5, 2 ** 40]) {
  try {
    os.getPriority(bad);
  } catch (e) {
    console.log('getPriority error:', e.code, e.message);
  }
}

console.log('constants:', Object.keys(os.constants).join(','), os.constants.UV_UDP_REUSEADDR);
console.log('signals:', os.constants.signals.SIGTERM, os.constants.signals.SIGKILL, os.constants.signals.SIGINT,
  Object.keys(os.constants.signals).length);
console.log('errno:', os.constants.errno.ENOENT, os.constants.errno.EACCES, os.constants.errno.ECONNREFUSED,
  Object.keys(os.constants.errno).length);
console.log('priority:', JSON.stringify(os.constants.priority));
console.log('dlopen:', JSON.stringify(os.constants.dlopen));

const flags = (object) => `${Object.isFrozen(object) ? 'frozen' : 'mutable'}/${Object.getPrototypeOf(object) === null ? 'null-proto' : 'object'}`;
console.log('os.constants:', flags(os.constants), ['dlopen', 'errno', 'signals', 'priority']
  .map((key) => `${key} ${flags(os.constants[key])}`).join(', '));
const constants = require('constants');
console.log('constants module:', flags(constants), constants.ENOENT === os.constants.errno.ENOENT,
  constants.SIGTERM, constants.O_CREAT, constants.RTLD_LAZY, constants.PRIORITY_LOW, typeof constants.defaultCoreCipherList);
