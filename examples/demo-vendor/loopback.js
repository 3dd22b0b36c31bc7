// How the demo vendor site listens and stops: loopback only,
// the `listening on URL` line tests read, and stopping when their parent goes away.

const fs = require('fs')

/**
 * Listens on 127.0.0.1:`port` (0: any free port), prints `listening on http://127.0.0.1:PORT`
 * as the first stdout line, and stops on SIGTERM, SIGINT, or when stdin is a pipe that
 * closes (a test that spawned it went away). A terminal or /dev/null on stdin is ignored,
 * so that a server run by hand stays up.
 */
function serveOnLoopback(server, port, name) {
  server.on('error', err => {
    console.error(`${name}: ${err.message}`)
    process.exit(1)
  })
  server.listen(port, '127.0.0.1', () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`)
  })
  const stop = () => {
    server.close()
    server.closeAllConnections()
    process.stdin.destroy()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  if (stdinIsPipe()) {
    process.stdin.on('end', stop)
    process.stdin.resume()
  }
}

function stdinIsPipe() {
  try {
    return fs.fstatSync(0).isFIFO()
  } catch {
    return false // no standard input at all
  }
}

/** `--port` as a number, or a usage error naming the bad value. */
function parsePort(text) {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port takes 0 to 65535 (0: any free port), not ${JSON.stringify(text)}`)
  }
  return port
}

module.exports = { serveOnLoopback, parsePort }
