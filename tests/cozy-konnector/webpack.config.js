// Built as cozy-konnector-build ships konnectors: one bundle for node, the manifest inlined.
const path = require('path')
const webpack = require('webpack')

module.exports = {
  target: 'node',
  mode: 'none',
  entry: './src/index.js',
  output: { path: path.join(__dirname, 'dist'), filename: 'index.js' },
  node: { __dirname: false, __filename: false },
  plugins: [
    new webpack.DefinePlugin({
      __WEBPACK_PROVIDED_MANIFEST__: JSON.stringify({
        name: 'Test Vendor',
        slug: 'testvendor',
        version: '1.0.0'
      })
    })
  ]
}
