// `module`: the CommonJS loader's Module class (createRequire, builtinModules, ...).
'use strict';

module.exports = require('internal/cjs_loader').Module;
