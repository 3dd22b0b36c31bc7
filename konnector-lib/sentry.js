// wrapIfSentrySetUp(obj, method): the real library wraps `method` to report its errors to
// Sentry when SENTRY_DSN is set. A kvm run's environment holds only the COZY_* variables and
// its errors reach the stack through the run report, so there is nothing to wrap.
'use strict';

function wrapIfSentrySetUp(_obj, _method) {}

module.exports = { wrapIfSentrySetUp };
