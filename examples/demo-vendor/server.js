#!/usr/bin/env node
// The demo vendor site that examples/demo-konnector scrapes, on loopback only.
//
//   node examples/demo-vendor/server.js [--port PORT]
//
// Listens on 127.0.0.1:PORT (default 0: any free port) and prints
// `listening on http://127.0.0.1:PORT` as its first line. Stops on SIGTERM or SIGINT, and
// when its standard input is a pipe that closes (a test that spawned it went away).

const fs = require('fs')
const http = require('http')
const { createSite } = require('./site')

function parsePort(args) {
  if (args.length === 0) return 0
  const port = Number(args[1])
  if (args.length !== 2 || args[0] !== '--port' || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node examples/demo-vendor/server.js [--port PORT]  (PORT 0-65535, 0: any free port)')
    process.exit(2)
  }
  return port
}

const server = http.createServer(createSite())
server.on('error', err => {
  console.error(`demo-vendor: ${err.message}`)
  process.exit(1)
})
server.listen(parsePort(process.argv.slice(2)), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`)
})

function stop() {
  server.close()
  server.closeAllConnections()
  process.stdin.destroy()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// Only a pipe: a terminal or /dev/null on stdin must not stop a server run by hand.
if (stdinIsPipe()) {
  process.stdin.on('end', stop)
  process.stdin.resume()
}

function stdinIsPipe() {
  try {
    return fs.fstatSync(0).isFIFO()
  } catch {
    return false // no standard input at all
  }
}
