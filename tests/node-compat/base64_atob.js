// atob / btoa: forgiving-base64 whitespace and padding rules, and the InvalidCharacterError cases.
function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code} | DOMException=${err instanceof DOMException}`;
}

// Shows decoded output as char codes so control characters stay readable.
const codes = (s) => Array.from(s, (c) => c.charCodeAt(0)).join(',');

function tryAtob(input) {
  try {
    console.log(`atob(${JSON.stringify(input)}) = [${codes(atob(input))}]`);
  } catch (err) {
    console.log(`atob(${JSON.stringify(input)}) threw ${describeError(err)}`);
  }
}

function tryBtoa(input) {
  try {
    console.log(`btoa(${JSON.stringify(input)}) = ${btoa(input)}`);
  } catch (err) {
    console.log(`btoa(${JSON.stringify(input)}) threw ${describeError(err)}`);
  }
}

// --- btoa
for (const s of ['', 'a', 'ab', 'abc', 'abcd', 'Hello, World!', '\u0000\u00ff', '\u00e9t\u00e9', '\u0100', '€', '😀']) tryBtoa(s);
console.log('btoa(null)', btoa(null), 'btoa(undefined)', btoa(undefined), 'btoa(12)', btoa(12));
let all = '';
for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
console.log('btoa all bytes', btoa(all));
console.log('round trip all bytes', atob(btoa(all)) === all);

// --- atob: valid inputs
for (const s of ['', 'YQ', 'YQ==', 'YWI', 'YWI=', 'YWJj', 'YWJjZA', 'YWJjZA==', 'SGVsbG8sIFdvcmxkIQ==', '////', '++++', 'AAAA', 'YR', 'YR==']) tryAtob(s);

// --- atob: whitespace is ignored anywhere, padding may be spaced out
for (const s of [' YQ==', 'YQ== ', ' \t\n\f\rYQ==\n', 'Y Q = =', 'YW Jj', 'YQ= =', 'YQ=\n=', 'Y\nW\nJ\nj', '    ']) tryAtob(s);

// --- atob: the two error messages Node uses
for (const s of ['Y', 'YWJjZ', 'abcde', 'abcde=', 'abcde==', 'a', ' a ']) tryAtob(s);
for (const s of ['YQ=', 'YQ===', 'Y===', '=', '==', 'YQ=a', '=YQ', 'YQ==YQ==', 'abcd=', 'abcd==', 'YWJjZA=', 'ab=c',
  'a-b_', '%%%%', 'YQ\v', 'Y\u00a0Q', 'YQ==\u0100', 'YQ\u0000', 'é', '😀']) tryAtob(s);

// --- atob: argument conversion and arity
tryAtob(null);
tryAtob(undefined);
tryAtob(1234);
for (const [label, fn] of [['atob()', () => atob()], ['btoa()', () => btoa()]]) {
  try {
    fn();
  } catch (err) {
    console.log(`${label} threw ${err.name} | ${err.message} | ${err.code}`);
  }
}
const err = (() => {
  try {
    atob('*');
  } catch (e) {
    return e;
  }
})();
console.log('error shape', err.name, err.code, err.INVALID_CHARACTER_ERR, String(err), Object.prototype.toString.call(err));
