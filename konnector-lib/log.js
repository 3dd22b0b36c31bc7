// The library's `log(type, message, label, namespace)`: cozy-logger under the namespace
// 'cozy-konnector-libs' unless the call names another (internal/logger.js).
'use strict';

module.exports = require('konnector-lib/internal/logger').namespace('cozy-konnector-libs');
