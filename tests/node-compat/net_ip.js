// net's pure parts: isIP/isIPv4/isIPv6, SocketAddress (canonical IPv6 text, validation),
// BlockList rules and checks across IPv4 and IPv4-mapped IPv6, autoSelectFamily defaults.
const net = require('net');
const { inspect } = require('util');

for (const input of ['1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '::', '::1',
  '1::', 'fe80::1%eth0', 'fe80::1%', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::', '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7:1.2.3.4', '', 'localhost', 42, undefined]) {
  console.log(`isIP ${JSON.stringify(input)}: ${net.isIP(input)} ${net.isIPv4(input)} ${net.isIPv6(input)}`);
}

for (const address of ['::2', '0:0:0:0:0:0:0:1', '1:0:0:1:0:0:0:1', '1:0:0:0:1:0:0:1',
  '::0.1.0.0', '::ffff:1:2', '::ffff:0:1.2.3.4', 'FE80::ABCD', '1:2:3:4:5:6:7:8']) {
  console.log(`SocketAddress ${address} -> ${new net.SocketAddress({ address, family: 'ipv6' }).address}`);
}
const sa = new net.SocketAddress({ address: '1.2.3.4', port: 80 });
console.log('SocketAddress:', sa.address, sa.port, sa.family, sa.flowlabel, JSON.stringify(sa),
  Object.keys(sa).length, net.SocketAddress.isSocketAddress(sa), net.SocketAddress.isSocketAddress({}));
console.log('defaults:', new net.SocketAddress().address, new net.SocketAddress({ family: 'IPV6' }).address);
console.log('inspect:', inspect(sa));
for (const options of [{ address: '1.2.3', family: 'ipv4' }, { family: 'x' }, { port: 70000 },
  { port: 1.5 }, { address: 5 }, 5, { flowlabel: -1 }]) {
  try {
    new net.SocketAddress(options); // eslint-disable-line no-new
  } catch (e) {
    console.log('SocketAddress error:', e.code, e.message);
  }
}

const list = new net.BlockList();
list.addAddress('1.2.3.4');
list.addRange('10.0.0.1', '10.0.0.10');
list.addSubnet('8592:757c:efae:4e45::', 64, 'ipv6');
list.addSubnet('192.168.0.0', 16);
console.log('rules:', JSON.stringify(list.rules));
for (const [address, family] of [['1.2.3.4'], ['10.0.0.5'], ['10.0.0.11'], ['8592:757c:efae:4e45::1', 'ipv6'],
  ['::ffff:1.2.3.4', 'ipv6'], ['192.168.3.3'], ['bad'], ['::ffff:192.168.1.1', 'ipv6']]) {
  console.log(`check ${address}: ${list.check(address, family)}`);
}
const mapped = new net.BlockList();
mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
console.log('mapped subnet:', mapped.check('1.2.3.4'), JSON.stringify(mapped.rules));
console.log('inspect:', inspect(list, { breakLength: Infinity }));
for (const bad of [() => list.addRange('10.0.0.5', '10.0.0.1'), () => list.addSubnet('10.0.0.0', 33),
  () => list.addSubnet('10.0.0.0', '8'), () => list.addAddress(5), () => list.addAddress('x'),
  () => list.check(5), () => list.addAddress('1.2.3.4', 'x')]) {
  try {
    bad();
  } catch (e) {
    console.log('BlockList error:', e.code, e.message);
  }
}

console.log('autoSelectFamily:', net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
net.setDefaultAutoSelectFamily(false);
net.setDefaultAutoSelectFamilyAttemptTimeout(5);
console.log('after set:', net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
console.log('normalizeArgs:', JSON.stringify(net._normalizeArgs([80, 'host'])),
  JSON.stringify(net._normalizeArgs(['/tmp/sock'])), JSON.stringify(net._normalizeArgs([{ port: 1 }])),
  JSON.stringify(net._normalizeArgs([])));
