#!/usr/bin/env node
// The demo vendor site that examples/demo-konnector scrapes, on loopback only.
//
//   node examples/demo-vendor/server.js [--port PORT]
//
// Listens on 127.0.0.1:PORT (default 0: any free port) and prints
// `listening on http://127.0.0.1:PORT` first; see loopback.js for when it stops.

const http = require('http')
const { parseArgs } = require('util')
const { serveOnLoopback, parsePort } = require('./loopback')
const { createSite } = require('./site')

try {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' } } })
  serveOnLoopback(http.createServer(createSite()), parsePort(values.port), 'demo-vendor')
} catch (err) {
  console.error(`demo-vendor: ${err.message}\nusage: node examples/demo-vendor/server.js [--port PORT]`)
  process.exit(2)
}
