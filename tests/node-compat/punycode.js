// punycode: encode/decode (RFC 3492 samples and errors), toASCII/toUnicode on domains and
// email addresses, ucs2 helpers.
const punycode = require('punycode');

function run(name, fn, input) {
  let result;
  try {
    result = JSON.stringify(fn(input));
  } catch (e) {
    result = `throws ${e.name}: ${e.message}`;
  }
  console.log(`${name} ${JSON.stringify(input)} -> ${result}`);
}

console.log('version', punycode.version);
const samples = ['', 'abc', 'mañana', 'bücher', 'München', 'ü', '中文', 'Ελληνικά', 'Hello-Another-Way-それぞれの場所',
  'ひとつ屋根の下2', 'Pročprostěnemluvíčesky', 'أهلا', '😀', 'a😀b', '-> $1.00 <-', '\u007f'];
for (const s of samples) {
  run('encode', punycode.encode, s);
  const encoded = punycode.encode(s);
  run('decode', punycode.decode, encoded);
}
for (const s of ['a-!', 'abc-', '-', 'xn--', 'a-b-c', 'é-', 'zzzzzzzzzzzz', 'ZZ', '99999999999', 'a-99999999', 'egbpdaj6bu4bxfgehfvwxn', 'MNCHEN-3YA']) {
  run('decode', punycode.decode, s);
}
const domains = ['mañana.com', 'bücher.example', 'xn--maana-pta.com', 'XN--MNCHEN-3YA.de', 'example.com',
  'jürgen@bücher.de', 'a@b@ÿc', '中文\u3002com', 'ü\uFF0Eü\uFF61ü', '', '.', 'xn--', 'xn--a-!.com'];
for (const d of domains) {
  run('toASCII', punycode.toASCII, d);
  run('toUnicode', punycode.toUnicode, d);
}
run('toUnicode', punycode.toUnicode, punycode.toASCII('ïñtërnâtiônàlizætiøn.中文.com'));
for (const s of ['abc', '😀', '\ud800', '\udc00x', 'a\ud83d\ude00\ud83d']) run('ucs2.decode', punycode.ucs2.decode, s);
for (const a of [[97, 98], [0x1f600], [0xd800, 0x61], []]) run('ucs2.encode', punycode.ucs2.encode, a);
