// The fake stack's HTTP API: the routes cozy-konnector-libs 5.x calls while a konnector
// saves bills, files and an identity (DESIGN §3), with the stack's response shapes.
// Anything else answers 501 and is named on stderr, so a missing route shows at once.

const { matches } = require('./mango')
const { FILES, ROOT_ID } = require('./files')

const MAX_BODY_BYTES = 64 * 1024 * 1024
// The stack answers /files and relationships in JSON:API, which cozy-client-js decodes
// only under this content type.
const JSON_API = 'application/vnd.api+json'

function createStack(store, files) {
  const routes = [
    ['POST', /^\/files\/upload\/metadata$/, async req => {
      const { data } = JSON.parse(await readBody(req))
      const id = files.addMetadata(data.attributes)
      return [201, { data: { type: 'io.cozy.files.metadata', id, attributes: data.attributes } }, JSON_API]
    }],
    ['POST', /^\/files\/_find$/, async req => {
      const { selector } = JSON.parse(await readBody(req))
      const docs = store.all(FILES).filter(doc => matches(doc, selector))
      return [200, { data: docs.map(doc => files.jsonApi(doc)), meta: { count: docs.length }, links: {} }, JSON_API]
    }],
    ['GET', /^\/files\/metadata$/, (req, url) => {
      return [200, { data: files.jsonApi(files.byPath(url.searchParams.get('Path'))) }, JSON_API]
    }],
    ['POST', /^\/files\/([^/]+)\/relationships\/referenced_by$/, async (req, url, [id]) => {
      const doc = files.addReferences(id, JSON.parse(await readBody(req)).data)
      return [200, { meta: { rev: doc._rev, count: doc.referenced_by.length }, data: doc.referenced_by }, JSON_API]
    }],
    ['GET', /^\/files\/([^/]+)$/, (req, url, [id]) => [200, { data: files.jsonApi(files.get(id)) }, JSON_API]],
    ['POST', /^\/files\/([^/]*)$/, async (req, url, [dirId]) => {
      const q = url.searchParams
      if (q.get('Type') === 'directory') {
        return [201, { data: files.jsonApi(files.createDirectory(dirId || ROOT_ID, q.get('Name'))) }, JSON_API]
      }
      const bytes = await readBody(req, 'binary')
      const doc = files.createFile(dirId, q.get('Name'), bytes, {
        mime: (req.headers['content-type'] || 'application/octet-stream').split(';')[0],
        metadataId: q.get('MetadataID'),
        sourceAccount: q.get('SourceAccount'),
        sourceAccountIdentifier: q.get('SourceAccountIdentifier')
      })
      return [201, { data: files.jsonApi(doc) }, JSON_API]
    }],
    ['GET', /^\/data\/([^/]+)\/([^/]+)\/relationships\/references$/, (req, url, [doctype, id]) => {
      const docs = files.referencedBy(doctype, id)
      return [200, {
        data: docs.map(doc => ({ type: FILES, id: doc._id })),
        included: docs.map(doc => files.jsonApi(doc)),
        meta: { count: docs.length },
        links: {}
      }, JSON_API]
    }],
    ['POST', /^\/data\/([^/]+)\/_index$/, async (req, url, [doctype]) => {
      const { index } = JSON.parse(await readBody(req))
      const name = `by-${(index.fields || []).join('-')}`
      return [200, { result: 'created', id: `_design/${name}`, name, doctype }]
    }],
    ['POST', /^\/data\/([^/]+)\/_find$/, async (req, url, [doctype]) => {
      const { selector, limit } = JSON.parse(await readBody(req))
      const docs = store.all(doctype).filter(doc => matches(doc, selector))
      return [200, { docs, limit: limit || docs.length, next: false }]
    }],
    [/^(GET|POST)$/, /^\/data\/([^/]+)\/_all_docs$/, (req, url, [doctype]) => {
      const docs = store.all(doctype)
      const withDocs = url.searchParams.get('include_docs') === 'true'
      return [200, {
        offset: 0,
        total_rows: docs.length,
        rows: docs.map(doc => ({ id: doc._id, key: doc._id, value: { rev: doc._rev }, ...(withDocs && { doc }) }))
      }]
    }],
    ['POST', /^\/data\/([^/]+)\/_bulk_docs$/, async (req, url, [doctype]) => {
      const { docs } = JSON.parse(await readBody(req))
      const saved = docs.map(doc => (doc._id && store.get(doctype, doc._id) ? store.update(doctype, doc._id, doc) : store.create(doctype, doc)))
      return [201, saved.map(doc => ({ ok: true, id: doc._id, rev: doc._rev }))]
    }],
    ['POST', /^\/data\/([^/]+)\/?$/, async (req, url, [doctype]) => {
      const doc = store.create(doctype, JSON.parse(await readBody(req)))
      return [201, { ok: true, id: doc._id, rev: doc._rev, type: doctype, data: doc }]
    }],
    ['GET', /^\/data\/([^/]+)\/([^/]+)$/, (req, url, [doctype, id]) => {
      const doc = store.get(doctype, id)
      return doc ? [200, doc] : [404, { error: 'not_found', reason: 'missing' }]
    }],
    ['PUT', /^\/data\/([^/]+)\/([^/]+)$/, async (req, url, [doctype, id]) => {
      const body = JSON.parse(await readBody(req))
      const doc = store.get(doctype, id) ? store.update(doctype, id, body) : store.create(doctype, { ...body, _id: id })
      return [200, { ok: true, id: doc._id, rev: doc._rev, type: doctype, data: doc }]
    }]
  ]

  return async function handle(req, res) {
    const url = new URL(req.url, 'http://fake-stack')
    try {
      if (!/^Bearer \S+/.test(req.headers.authorization || '')) {
        return reply(res, 401, { error: 'Unauthorized: send Authorization: Bearer COZY_CREDENTIALS' })
      }
      for (const [method, pattern, route] of routes) {
        const match = pattern.exec(url.pathname)
        const methodMatches = typeof method === 'string' ? method === req.method : method.test(req.method)
        if (match && methodMatches) {
          const [status, body, type] = await route(req, url, match.slice(1).map(decodeURIComponent))
          return reply(res, status, body, type)
        }
      }
      console.error(`fake-stack: no route for ${req.method} ${req.url}`)
      reply(res, 501, { error: `the fake stack has no route for ${req.method} ${url.pathname}` })
    } catch (err) {
      if (!err.status) console.error(`fake-stack: ${req.method} ${req.url}: ${err.stack}`)
      reply(res, err.status || 500, { error: err.message })
    }
  }
}

function readBody(req, encoding = 'utf8') {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', chunk => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error(`bodies are at most ${MAX_BODY_BYTES} bytes`), { status: 413 }))
      else chunks.push(chunk)
    })
    req.on('end', () => {
      const bytes = Buffer.concat(chunks)
      resolve(encoding === 'binary' ? bytes : bytes.toString(encoding))
    })
    req.on('error', reject)
  })
}

function reply(res, status, body, type = 'application/json') {
  const bytes = Buffer.from(JSON.stringify(body))
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length })
  res.end(bytes)
}

module.exports = { createStack }
