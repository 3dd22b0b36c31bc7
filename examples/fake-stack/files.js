// The fake stack's files: io.cozy.files documents in the store, contents on disk under the
// data folder at their Cozy path, and their JSON:API form as the stack answers /files.

const crypto = require('crypto')
const fs = require('fs')
const path = require('path')

const FILES = 'io.cozy.files'
const ROOT_ID = 'io.cozy.files.root-dir'

class Files {
  constructor(store, dir) {
    this.store = store
    this.dir = dir
    this.pendingMetadata = new Map() // id → metadata sent before an upload (MetadataID=)
    if (!store.get(FILES, ROOT_ID)) {
      store.create(FILES, { _id: ROOT_ID, type: 'directory', name: '', dir_id: '', path: '/' })
    }
  }

  get(id) {
    const doc = this.store.get(FILES, id)
    if (!doc) throw notFound(`no file or directory ${id}`)
    return doc
  }

  /** A directory's path, or a file's: its directory's path and its name. */
  pathOf(doc) {
    return doc.type === 'directory' ? doc.path : path.posix.join(this.get(doc.dir_id).path, doc.name)
  }

  byPath(cozyPath) {
    const doc = this.store.all(FILES).find(d => this.pathOf(d) === cozyPath)
    if (!doc) throw notFound(`nothing at ${cozyPath}`)
    return doc
  }

  createDirectory(dirId, name, attributes = {}) {
    const parent = this.directory(dirId)
    const dirPath = path.posix.join(parent.path, checkName(name))
    this.refuseExisting(dirPath)
    fs.mkdirSync(path.join(this.dir, dirPath), { recursive: true })
    return this.store.create(FILES, { ...attributes, ...stamps(), type: 'directory', name, dir_id: dirId, path: dirPath })
  }

  addMetadata(attributes) {
    const id = crypto.randomUUID()
    this.pendingMetadata.set(id, attributes)
    return id
  }

  /** Creates the file `name` in `dirId` with `bytes`; `options` are the upload's query. */
  createFile(dirId, name, bytes, { mime, metadataId, sourceAccount, sourceAccountIdentifier }) {
    const parent = this.directory(dirId)
    const filePath = path.posix.join(parent.path, checkName(name))
    this.refuseExisting(filePath)
    fs.writeFileSync(path.join(this.dir, filePath), bytes)
    const metadata = metadataId ? this.pendingMetadata.get(metadataId) : undefined
    if (metadataId && !metadata) throw badRequest(`no metadata ${metadataId}: POST /files/upload/metadata first`)
    this.pendingMetadata.delete(metadataId)
    return this.store.create(FILES, {
      ...stamps(),
      type: 'file',
      name,
      dir_id: dirId,
      trashed: false,
      size: String(bytes.length),
      md5sum: crypto.createHash('md5').update(bytes).digest('base64'),
      mime,
      class: mime.split('/')[1] === 'pdf' ? 'pdf' : mime.split('/')[0],
      executable: false,
      ...(metadata && { metadata }),
      cozyMetadata: {
        ...(sourceAccount && { sourceAccount }),
        ...(sourceAccountIdentifier && { sourceAccountIdentifier })
      }
    })
  }

  addReferences(id, references) {
    const doc = this.get(id)
    const referenced = doc.referenced_by || []
    for (const ref of references) {
      if (!referenced.some(r => r.type === ref.type && r.id === ref.id)) referenced.push({ type: ref.type, id: ref.id })
    }
    return this.store.update(FILES, id, { ...doc, referenced_by: referenced })
  }

  referencedBy(type, id) {
    return this.store.all(FILES).filter(doc => (doc.referenced_by || []).some(r => r.type === type && r.id === id))
  }

  directory(id) {
    const doc = this.get(id)
    if (doc.type !== 'directory') throw badRequest(`${id} is a file, not a directory`)
    return doc
  }

  refuseExisting(cozyPath) {
    if (this.store.all(FILES).some(d => this.pathOf(d) === cozyPath)) {
      throw Object.assign(new Error(`${cozyPath} already exists`), { status: 409 })
    }
  }

  /** A document as the stack's JSON:API `data` (or `included`) entry. */
  jsonApi(doc) {
    const { _id, _rev, referenced_by: refs, ...attributes } = doc
    if (doc.type === 'file') attributes.path = this.pathOf(doc)
    return {
      type: FILES,
      id: _id,
      attributes,
      meta: { rev: _rev },
      links: { self: `/files/${_id}` },
      relationships: refs ? { referenced_by: { data: refs } } : {}
    }
  }
}

function stamps() {
  const now = new Date().toISOString()
  return { created_at: now, updated_at: now }
}

function checkName(name) {
  if (!name || name.includes('/') || name === '.' || name === '..') throw badRequest(`invalid name ${JSON.stringify(name)}`)
  return name
}

function notFound(message) {
  return Object.assign(new Error(message), { status: 404 })
}

function badRequest(message) {
  return Object.assign(new Error(message), { status: 400 })
}

module.exports = { Files, FILES, ROOT_ID }
