// AbortController / AbortSignal (abort, timeout, any, onabort, throwIfAborted) and DOMException.
function describeError(err) {
  return `${err.name} | ${err.message} | ${err.code}`;
}

function attempt(label, fn) {
  try {
    console.log(`${label}: ok ${JSON.stringify(fn())}`);
  } catch (err) {
    console.log(`${label}: threw ${describeError(err)} DOMException=${err instanceof DOMException}`);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const tag = (v) => Object.prototype.toString.call(v);

// --- controller basics
{
  const ac = new AbortController();
  const { signal } = ac;
  console.log('initial', signal.aborted, signal.reason, signal.onabort, signal instanceof EventTarget, signal instanceof AbortSignal);
  console.log('tags', tag(ac), tag(signal));
  const log = [];
  signal.onabort = function (event) {
    log.push(`onabort this=${this === signal} type=${event.type} trusted=${event.isTrusted} phase=${event.eventPhase} target=${event.target === signal}`);
  };
  signal.addEventListener('abort', (event) => log.push(`listener aborted=${signal.aborted} reason=${signal.reason.name}`));
  signal.addEventListener('abort', () => log.push('once listener'), { once: true });
  ac.abort();
  ac.abort('second call is ignored');
  console.log(log.join('\n'));
  const { reason } = signal;
  console.log('default reason', describeError(reason), reason instanceof DOMException, reason instanceof Error, String(reason));
  console.log('same reason', signal.reason === reason, typeof reason.stack);
  attempt('throwIfAborted', () => signal.throwIfAborted());
  console.log('listeners added after abort never fire');
  signal.addEventListener('abort', () => console.log('SHOULD NOT PRINT'));
  ac.abort();
}

// --- custom reasons
{
  const ac = new AbortController();
  ac.abort(new Error('custom'));
  console.log('error reason', ac.signal.reason.message);
  const ac2 = new AbortController();
  ac2.abort(42);
  attempt('throwIfAborted primitive', () => ac2.signal.throwIfAborted());
  try {
    ac2.signal.throwIfAborted();
  } catch (v) {
    console.log('thrown value', v);
  }
  const ac3 = new AbortController();
  ac3.abort(undefined);
  console.log('undefined reason gets default', ac3.signal.reason.name);
  const ac4 = new AbortController();
  ac4.abort(null);
  console.log('null reason kept', ac4.signal.reason);
  attempt('throwIfAborted not aborted', () => new AbortController().signal.throwIfAborted());
}

// --- onabort handler semantics
{
  const ac = new AbortController();
  const { signal } = ac;
  const log = [];
  signal.addEventListener('abort', () => log.push('first'));
  signal.onabort = () => log.push('handler v1');
  signal.addEventListener('abort', () => log.push('third'));
  signal.onabort = () => log.push('handler v2'); // keeps the position of the first assignment
  console.log('onabort is function', typeof signal.onabort);
  signal.onabort = null;
  console.log('onabort null', signal.onabort);
  signal.onabort = () => log.push('handler v3');
  ac.abort();
  console.log('handler order', log.join(', '));
}

// --- static abort / any
{
  const s = AbortSignal.abort();
  console.log('AbortSignal.abort()', s.aborted, s.reason.name, s.reason.message, s.reason.code);
  console.log('AbortSignal.abort(reason)', AbortSignal.abort('why').reason);

  const a = new AbortController();
  const b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  const nested = AbortSignal.any([any, AbortSignal.any([])]);
  const log = [];
  b.signal.addEventListener('abort', () => log.push(`source b fired any=${any.aborted} nested=${nested.aborted}`));
  any.addEventListener('abort', () => log.push(`any fired reason=${any.reason}`));
  nested.addEventListener('abort', () => log.push(`nested fired reason=${nested.reason}`));
  console.log('any initial', any.aborted, nested.aborted);
  b.abort('from b');
  a.abort('from a');
  console.log(log.join('\n'));
  console.log('any keeps first reason', any.reason, nested.reason);

  const early = AbortSignal.any([new AbortController().signal, AbortSignal.abort('pre'), AbortSignal.abort('later')]);
  console.log('any with aborted input', early.aborted, early.reason);
  const none = AbortSignal.any([]);
  console.log('any of nothing', none.aborted);
  attempt('any(5)', () => AbortSignal.any(5));
  attempt('any([signal, 5])', () => AbortSignal.any([new AbortController().signal, 5]));
  attempt('any([{}])', () => AbortSignal.any([{}]));
}

// --- errors
attempt('new AbortSignal()', () => new AbortSignal());
attempt('timeout("1")', () => AbortSignal.timeout('1'));
attempt('timeout(1.5)', () => AbortSignal.timeout(1.5));
attempt('timeout(-1)', () => AbortSignal.timeout(-1));
attempt('timeout(2**32)', () => AbortSignal.timeout(2 ** 32));
attempt('aborted on wrong this', () => Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted').get.call({}));

// --- DOMException
{
  const plain = new DOMException();
  console.log('DOMException()', JSON.stringify([plain.name, plain.message, plain.code]), String(plain), tag(plain));
  const named = new DOMException('msg', 'NotFoundError');
  console.log('named', named.name, named.message, named.code, named instanceof Error);
  const withOptions = new DOMException('with cause', { name: 'AbortError', cause: 'root' });
  console.log('options object', withOptions.name, withOptions.code, withOptions.cause);
  const names = ['IndexSizeError', 'HierarchyRequestError', 'InvalidCharacterError', 'NotSupportedError', 'InvalidStateError',
    'SyntaxError', 'SecurityError', 'NetworkError', 'AbortError', 'QuotaExceededError', 'TimeoutError', 'DataCloneError',
    'EncodingError', 'NotReadableError', 'UnknownError', 'ValidationError', 'DOMStringSizeError'];
  console.log('codes', names.map((n) => `${n}=${new DOMException('', n).code}`).join(' '));
  console.log('constants', DOMException.ABORT_ERR, DOMException.TIMEOUT_ERR, DOMException.DATA_CLONE_ERR, plain.INDEX_SIZE_ERR, DOMException.VALIDATION_ERR);
  console.log('own keys', JSON.stringify(Object.keys(named)), Object.prototype.hasOwnProperty.call(named, 'message'));
  attempt('name on prototype', () => DOMException.prototype.name);
}

// --- timeout
(async () => {
  const s = AbortSignal.timeout(5);
  console.log('timeout pending', s.aborted);
  const fired = new Promise((resolve) => s.addEventListener('abort', () => resolve(s.reason)));
  await sleep(30);
  const reason = await fired;
  console.log('timeout fired', s.aborted, describeError(reason), reason instanceof DOMException);
  const zero = AbortSignal.timeout(0);
  await sleep(10);
  console.log('timeout(0)', zero.aborted, zero.reason.name);
  console.log('done');
})();
