#!/usr/bin/env node
// A fake Cozy stack for running konnectors under node (the reference kvm is compared
// with), saving what they save into a folder the way kvm's local Cozy does:
// DATA/importedData.json and the files under DATA/ at their Cozy path.
//
//   node examples/fake-stack/server.js --data DIR --config konnector-dev-config.json [--port PORT]
//
// The account `default_account_id` is made from the config's `fields`; files go under the
// root folder `io.cozy.files.root-dir`. Run the konnector with
//   COZY_URL=http://127.0.0.1:PORT/ COZY_CREDENTIALS=any-token
//   COZY_FIELDS='{"account":"default_account_id","folder_to_save":"io.cozy.files.root-dir"}'
// Prints `listening on http://127.0.0.1:PORT` first; see ../loopback.js for when it stops.

const fs = require('fs')
const http = require('http')
const { parseArgs } = require('util')
const { serveOnLoopback, parsePort } = require('../loopback')
const { Store } = require('./store')
const { Files } = require('./files')
const { createStack } = require('./stack')

const ACCOUNT_ID = 'default_account_id'
const USAGE = 'usage: node examples/fake-stack/server.js --data DIR --config FILE [--port PORT]'

function start() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string', default: '0' }
    }
  })
  if (!values.data || !values.config) throw new Error('--data and --config are required')
  const port = parsePort(values.port)
  // konnector-dev-config.json may hold comments, as cozy-jobs-cli allows.
  const config = JSON.parse(stripComments(fs.readFileSync(values.config, 'utf8')))
  fs.mkdirSync(values.data, { recursive: true })
  const store = new Store(values.data)
  const files = new Files(store, values.data)
  store.create('io.cozy.accounts', { _id: ACCOUNT_ID, auth: config.fields || {} })
  serveOnLoopback(http.createServer(createStack(store, files)), port, 'fake-stack')
}

function stripComments(text) {
  return text.replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string || '')
}

try {
  start()
} catch (err) {
  console.error(`fake-stack: ${err.message}\n${USAGE}`)
  process.exit(2)
}
