// One file for target node, as cozy-konnector-build ships konnectors; not minified
// (mode 'none').
const path = require('path');

module.exports = {
  target: 'node',
  mode: 'none',
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'index.js' },
  node: { __dirname: false, __filename: false },
};
