// Built as cozy-konnector-build builds konnectors: one CommonJS bundle for node, not
// minified, with the manifest compiled in (cozy-konnector-libs reads
// __WEBPACK_PROVIDED_MANIFEST__ in production instead of manifest.konnector).
const fs = require('fs')
const path = require('path')
const webpack = require('webpack')

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'manifest.konnector'), 'utf8'))

module.exports = {
  entry: './src/index.js',
  target: 'node',
  // 'none' keeps process.env.NODE_ENV a run-time value, so the same bundle runs in
  // production or in cozy-konnector-libs' standalone mode.
  mode: 'none',
  node: {
    // Real __dirname and __filename, so the library finds files next to the bundle.
    __dirname: false,
    __filename: false
  },
  output: {
    path: path.join(__dirname, 'dist'),
    filename: 'index.js',
    clean: true
  },
  plugins: [
    new webpack.DefinePlugin({
      __WEBPACK_PROVIDED_MANIFEST__: JSON.stringify(manifest)
    })
  ],
  module: {
    // Some dependencies require(expression); that is theirs to handle at run time.
    exprContextCritical: false
  }
}
