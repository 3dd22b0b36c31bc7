// What kvm's library leaves out, and why: a value a konnector may import at load time,
// which throws ERR_FEATURE_UNAVAILABLE, naming the feature and the way out, once used.
'use strict';

function unavailableError(feature, why) {
  const error = new Error(`${feature} is not available in kvm's cozy-konnector-libs: ${why}`);
  error.code = 'ERR_FEATURE_UNAVAILABLE';
  return error;
}

// A function that throws when called.
function unavailableFunction(feature, why) {
  const fn = function () {
    throw unavailableError(feature, why);
  };
  Object.defineProperty(fn, 'name', { value: feature.split('.').pop() });
  return fn;
}

// An object whose every (string-named) property read throws: a client a konnector holds
// but may not use. Symbols (inspection, coercion) and `then` (await) answer undefined.
function unavailableObject(feature, why) {
  return new Proxy(
    {},
    {
      get(_, property) {
        if (typeof property === 'symbol' || property === 'then') return undefined;
        throw unavailableError(`${feature}.${property}`, why);
      },
    },
  );
}

module.exports = { unavailableError, unavailableFunction, unavailableObject };
