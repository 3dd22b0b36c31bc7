// One file for target node, as cozy-konnector-build ships konnectors; not minified
// (mode 'none'), so the bundle is as large as the ones the stack runs.
const path = require('path');

module.exports = {
  target: 'node',
  mode: 'none',
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'index.js' },
  node: { __dirname: false, __filename: false },
};
