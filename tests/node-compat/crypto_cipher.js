// crypto.createCipheriv / createDecipheriv: AES-128/192/256 in CBC, ECB, CTR and GCM with fixed
// keys and IVs (ciphertexts, update output sizes, round trips), padding, output encodings, GCM
// tags and AAD, the stream interface, getCiphers/getCipherInfo, and the errors.
const crypto = require('crypto');
const { pipeline, Readable, Writable } = require('stream');

function describeError(err) {
  return `${err.name} | ${err.code} | ${err.message}`;
}

function attempt(label, fn) {
  try {
    const result = fn();
    console.log(`${label}: ok ${Buffer.isBuffer(result) ? `<Buffer ${result.toString('hex')}>` : JSON.stringify(result)}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)}${err.reason ? ` | ${err.library} | ${err.reason}` : ''}`);
  }
}

const key = (bits) => Buffer.from(Array.from({ length: bits / 8 }, (_, i) => (i * 7 + 3) & 0xff));
const IV16 = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const IV12 = Buffer.from('cafebabefacedbaddecaf888', 'hex');
const TEXTS = ['', 'a', 'exactly 16 bytes', 'seventeen bytes!!', 'Bonjour, voici votre facture de 42,00 € 🧾'.repeat(3)];

// --- every mode and key size: ciphertext, update sizes, round trip in pieces
for (const bits of [128, 192, 256]) {
  for (const mode of ['cbc', 'ecb', 'ctr', 'gcm']) {
    const name = `aes-${bits}-${mode}`;
    const iv = mode === 'ecb' ? null : mode === 'gcm' ? IV12 : IV16;
    for (const text of TEXTS) {
      const cipher = crypto.createCipheriv(name, key(bits), iv);
      const first = cipher.update(text.slice(0, 5));
      const second = cipher.update(text.slice(5), 'utf8');
      const last = cipher.final();
      const sealed = Buffer.concat([first, second, last]);
      const tag = mode === 'gcm' ? cipher.getAuthTag().toString('hex') : '-';
      const decipher = crypto.createDecipheriv(name, key(bits), iv);
      if (mode === 'gcm') decipher.setAuthTag(Buffer.from(tag, 'hex'));
      const sizes = [];
      const parts = [];
      for (let i = 0; i < sealed.length; i += 7) {
        const part = decipher.update(sealed.subarray(i, i + 7));
        sizes.push(part.length);
        parts.push(part);
      }
      parts.push(decipher.final());
      const opened = Buffer.concat(parts).toString();
      console.log(name, text.length, [first.length, second.length, last.length].join('+'),
        sealed.toString('hex'), tag, sizes.join(','), opened === text);
    }
  }
}

// --- names, aliases, KeyObject and string keys, ArrayBuffer IVs
const plain = 'attack at dawn';
const seal = (name, k, iv, options) => {
  const c = crypto.createCipheriv(name, k, iv, options);
  return c.update(plain, 'utf8', 'hex') + c.final('hex');
};
console.log('upper case name', seal('AES-128-CBC', key(128), IV16));
console.log('alias aes256', seal('aes256', key(256), IV16) === seal('aes-256-cbc', key(256), IV16));
console.log('alias id-aes128-GCM', seal('id-aes128-GCM', key(128), IV12) === seal('aes-128-gcm', key(128), IV12));
console.log('string key and iv', seal('aes-128-cbc', '0123456789abcdef', 'fedcba9876543210'));
console.log('hex key option', seal('aes-128-cbc', '30313233343536373839616263646566', 'fedcba9876543210', { encoding: 'hex' }));
console.log('KeyObject key', seal('aes-128-cbc', crypto.createSecretKey(key(128)), IV16));
console.log('ArrayBuffer key/iv', seal('aes-128-cbc', new Uint8Array(key(128)).buffer, new Uint8Array(IV16).buffer));
console.log('ecb empty iv', seal('aes-128-ecb', key(128), Buffer.alloc(0)));
console.log('gcm 16-byte iv', seal('aes-128-gcm', key(128), IV16));
console.log('gcm 1-byte iv', seal('aes-128-gcm', key(128), Buffer.from([1])));
console.log('gcm 60-byte iv', seal('aes-128-gcm', key(128), Buffer.alloc(60, 3)));
console.log('ctr counter wraps', seal('aes-128-ctr', key(128), Buffer.alloc(16, 0xff)));

// --- output encodings: strings split across update/final decode as one
for (const enc of ['hex', 'base64', 'base64url', 'latin1', 'binary', 'buffer']) {
  const c = crypto.createCipheriv('aes-128-ctr', key(128), IV16);
  const out = [c.update('abcd', 'utf8', enc), c.update('efghijk', 'latin1', enc), c.final(enc)];
  console.log('output', enc, JSON.stringify(out.map((o) => (Buffer.isBuffer(o) ? o.toString('hex') : o))));
}
{
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  const sealed = Buffer.concat([c.update('héllo wörld, ça va ? €€€'), c.final()]);
  const d = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  const pieces = [];
  for (let i = 0; i < sealed.length; i += 5) pieces.push(d.update(sealed.subarray(i, i + 5), undefined, 'utf8'));
  pieces.push(d.final('utf8'));
  console.log('utf8 output pieces', JSON.stringify(pieces));
  const d2 = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  console.log('base64 input', d2.update(sealed.toString('base64'), 'base64', 'utf8') + d2.final('utf8'));
}
attempt('unknown output encoding', () => crypto.createCipheriv('aes-128-ctr', key(128), IV16).update('a', 'utf8', 'nope'));
attempt('changing output encoding', () => {
  const c = crypto.createCipheriv('aes-128-ctr', key(128), IV16);
  c.update('a', 'utf8', 'hex');
  return c.update('a', 'utf8', 'base64');
});
attempt('odd hex input', () => crypto.createCipheriv('aes-128-ctr', key(128), IV16).update('abc', 'hex'));

// --- padding
{
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  console.log('setAutoPadding returns this', c.setAutoPadding(false) === c);
  const sealed = Buffer.concat([c.update(Buffer.alloc(32, 1)), c.final()]);
  console.log('no padding', sealed.toString('hex'));
  const d = crypto.createDecipheriv('aes-128-cbc', key(128), IV16).setAutoPadding(false);
  console.log('no padding round trip', Buffer.concat([d.update(sealed), d.final()]).toString('hex'));
  const d2 = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  attempt('padding expected but absent', () => Buffer.concat([d2.update(sealed), d2.final()]));
  const d3 = crypto.createDecipheriv('aes-128-cbc', key(128), IV16).setAutoPadding(false);
  const padded = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  const withPad = Buffer.concat([padded.update('abc'), padded.final()]);
  console.log('padding kept when off', Buffer.concat([d3.update(withPad), d3.final()]).toString('hex'));
}
attempt('partial block without padding', () => {
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16).setAutoPadding(false);
  c.update('abc');
  return c.final();
});
attempt('wrong key: bad decrypt', () => {
  const c = crypto.createCipheriv('aes-256-cbc', key(256), IV16);
  const sealed = Buffer.concat([c.update('secret message'), c.final()]);
  const d = crypto.createDecipheriv('aes-256-cbc', Buffer.alloc(32, 9), IV16);
  return Buffer.concat([d.update(sealed), d.final()]);
});
attempt('truncated ciphertext', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  d.update(Buffer.alloc(20));
  return d.final();
});
attempt('empty ciphertext', () => crypto.createDecipheriv('aes-128-ecb', key(128), null).final());
attempt('decrypt update sizes', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  return [d.update(Buffer.alloc(16)).length, d.update(Buffer.alloc(16)).length, d.update(Buffer.alloc(3)).length];
});

// --- GCM: AAD, tags, truncated tags, authentication failures
{
  const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
  const k = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
  const p = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
    '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
  const c = crypto.createCipheriv('aes-128-gcm', k, IV12);
  console.log('setAAD returns this', c.setAAD(aad.subarray(0, 7)) === c);
  c.setAAD(aad.subarray(7));
  const sealed = Buffer.concat([c.update(p), c.final()]);
  const tag = c.getAuthTag();
  console.log('gcm spec vector 4', sealed.toString('hex'), tag.toString('hex'));
  console.log('getAuthTag again', c.getAuthTag().equals(tag));
  const open = (t, extra, options) => {
    const d = crypto.createDecipheriv('aes-128-gcm', k, IV12, options);
    d.setAAD(extra);
    if (t !== undefined) d.setAuthTag(t);
    return Buffer.concat([d.update(sealed), d.final()]).equals(p);
  };
  attempt('gcm open', () => open(tag, aad));
  attempt('gcm open tag 12', () => open(tag.subarray(0, 12), aad));
  attempt('gcm open tag 4', () => open(tag.subarray(0, 4), aad));
  attempt('gcm open tag 8 with authTagLength 8', () => open(tag.subarray(0, 8), aad, { authTagLength: 8 }));
  attempt('gcm tag 16 with authTagLength 8', () => open(tag, aad, { authTagLength: 8 }));
  attempt('gcm tag 3', () => open(tag.subarray(0, 3), aad));
  attempt('gcm tag 11', () => open(tag.subarray(0, 11), aad));
  attempt('gcm wrong aad', () => open(tag, Buffer.from('x')));
  attempt('gcm wrong tag', () => open(Buffer.alloc(16), aad));
  attempt('gcm no tag', () => open(undefined, aad));
  const short = crypto.createCipheriv('aes-256-gcm', key(256), IV12, { authTagLength: 8 });
  short.update('text');
  short.final();
  console.log('authTagLength 8 tag', short.getAuthTag().toString('hex'));
  attempt('authTagLength 7', () => crypto.createCipheriv('aes-128-gcm', k, IV12, { authTagLength: 7 }));
  attempt('authTagLength string', () => crypto.createCipheriv('aes-128-gcm', k, IV12, { authTagLength: 'x' }));
  attempt('getAuthTag before final', () => crypto.createCipheriv('aes-128-gcm', k, IV12).getAuthTag());
  attempt('setAuthTag on a cipher', () => typeof crypto.createCipheriv('aes-128-gcm', k, IV12).setAuthTag);
  attempt('getAuthTag on a decipher', () => typeof crypto.createDecipheriv('aes-128-gcm', k, IV12).getAuthTag);
  attempt('setAuthTag twice', () => {
    const d = crypto.createDecipheriv('aes-128-gcm', k, IV12);
    d.setAuthTag(tag);
    d.setAuthTag(tag);
  });
  attempt('setAuthTag after final', () => {
    const d = crypto.createDecipheriv('aes-128-gcm', k, IV12);
    try { d.final(); } catch { /* unauthenticated */ }
    d.setAuthTag(tag);
  });
  attempt('setAuthTag on cbc', () => crypto.createDecipheriv('aes-128-cbc', k, IV16).setAuthTag(tag));
  attempt('setAAD on cbc', () => crypto.createCipheriv('aes-128-cbc', k, IV16).setAAD(aad));
  attempt('setAAD after update', () => {
    const x = crypto.createCipheriv('aes-128-gcm', k, IV12);
    x.update('a');
    x.setAAD(aad);
  });
  attempt('getAuthTag on cbc', () => {
    const x = crypto.createCipheriv('aes-128-cbc', k, IV16);
    x.final();
    return x.getAuthTag();
  });
  attempt('setAAD string with encoding', () => {
    const x = crypto.createCipheriv('aes-128-gcm', k, IV12);
    x.setAAD('6869', { encoding: 'hex' });
    x.final();
    return x.getAuthTag();
  });
}

// --- state errors
attempt('final twice', () => {
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  c.final();
  c.final();
});
attempt('update after final', () => {
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  c.final();
  c.update('a');
});
attempt('setAutoPadding after final', () => {
  const c = crypto.createCipheriv('aes-128-cbc', key(128), IV16);
  c.final();
  c.setAutoPadding(true);
});
attempt('final after failed final', () => {
  const d = crypto.createDecipheriv('aes-128-cbc', key(128), IV16);
  try { d.final(); } catch { /* wrong final block length */ }
  d.final();
});

// --- argument errors
attempt('unknown cipher', () => crypto.createCipheriv('aes-128-foo', key(128), IV16));
attempt('unknown cipher, bad iv', () => crypto.createCipheriv('aes-128-foo', key(128), Buffer.alloc(3)));
attempt('short key', () => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), IV16));
attempt('long key', () => crypto.createDecipheriv('aes-256-ctr', Buffer.alloc(33), IV16));
attempt('short iv', () => crypto.createCipheriv('aes-128-cbc', key(128), Buffer.alloc(15)));
attempt('bad key and bad iv', () => crypto.createCipheriv('aes-128-cbc', Buffer.alloc(15), Buffer.alloc(15)));
attempt('ecb with iv', () => crypto.createCipheriv('aes-128-ecb', key(128), IV16));
attempt('cbc null iv', () => crypto.createCipheriv('aes-128-cbc', key(128), null));
attempt('gcm empty iv', () => crypto.createCipheriv('aes-128-gcm', key(128), Buffer.alloc(0)));
attempt('missing iv', () => crypto.createCipheriv('aes-128-cbc', key(128)));
attempt('number iv', () => crypto.createCipheriv('aes-128-cbc', key(128), 5));
attempt('number key', () => crypto.createCipheriv('aes-128-cbc', 5, IV16));
attempt('number name', () => crypto.createCipheriv(5, key(128), IV16));
attempt('number data', () => crypto.createCipheriv('aes-128-cbc', key(128), IV16).update(5));
attempt('ArrayBuffer data', () => crypto.createCipheriv('aes-128-cbc', key(128), IV16).update(new ArrayBuffer(4)));
attempt('Cipheriv without new', () => crypto.Cipheriv('aes-128-ctr', key(128), IV16).update('a').toString('hex'));
attempt('instanceof', () => [crypto.createCipheriv('aes-128-ctr', key(128), IV16) instanceof crypto.Cipheriv,
  crypto.createDecipheriv('aes-128-ctr', key(128), IV16) instanceof crypto.Decipheriv]);

// --- getCiphers / getCipherInfo
const ciphers = crypto.getCiphers();
console.log('getCiphers', ['aes-128-cbc', 'aes-192-ctr', 'aes-256-gcm', 'aes-256-ecb', 'aes128', 'id-aes256-GCM']
  .every((n) => ciphers.includes(n)), ciphers !== crypto.getCiphers());
for (const name of ['aes-128-cbc', 'AES256', 'aes-192-ctr', 'aes-256-ecb', 'aes-128-gcm', 'id-aes256-GCM', 'nope']) {
  console.log('getCipherInfo', name, JSON.stringify(crypto.getCipherInfo(name)));
}
console.log('getCipherInfo nid 901', JSON.stringify(crypto.getCipherInfo(901)));
attempt('getCipherInfo(null)', () => crypto.getCipherInfo(null));

// --- streams: a pipeline through a cipher and a decipher, then a failing decipher
{
  const k = key(256);
  const out = [];
  pipeline(
    Readable.from(['chunk one, ', Buffer.from('chunk two, '), 'and the last']),
    crypto.createCipheriv('aes-256-cbc', k, IV16),
    crypto.createDecipheriv('aes-256-cbc', k, IV16),
    new Writable({
      write(chunk, encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
    (err) => {
      console.log('pipeline', err, Buffer.concat(out).toString());
      const bad = crypto.createDecipheriv('aes-256-cbc', k, IV16);
      bad.on('data', () => {});
      bad.on('error', (e) => {
        console.log('stream error', describeError(e));
        // Last: under node, a length that does not fit leaves an OpenSSL error queued, which the
        // next cipher operation would report.
        console.log('getCipherInfo lengths', JSON.stringify(crypto.getCipherInfo('aes-128-cbc', { keyLength: 16, ivLength: 16 })),
          crypto.getCipherInfo('aes-128-cbc', { keyLength: 32 }), crypto.getCipherInfo('aes-128-cbc', { ivLength: 12 }),
          JSON.stringify(crypto.getCipherInfo('aes-128-gcm', { ivLength: 16 })));
      });
      bad.end(Buffer.alloc(16));
    },
  );
}
