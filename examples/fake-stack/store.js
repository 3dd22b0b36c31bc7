// The fake stack's documents, per doctype, mirrored after each change to
// DIR/importedData.json as `{ "<doctype>": [docs] }` (cozy-jobs-cli's standalone format).

const crypto = require('crypto')
const fs = require('fs')
const path = require('path')

class Store {
  constructor(dir) {
    this.file = path.join(dir, 'importedData.json')
    this.doctypes = new Map() // doctype → Map(id → doc), in creation order
  }

  all(doctype) {
    return [...(this.doctypes.get(doctype) || new Map()).values()]
  }

  get(doctype, id) {
    const docs = this.doctypes.get(doctype)
    return (docs && docs.get(id)) || null
  }

  /** Creates `doc` (its `_id` kept when given) and returns it with `_id` and `_rev`. */
  create(doctype, doc) {
    if (!this.doctypes.has(doctype)) this.doctypes.set(doctype, new Map())
    const id = doc._id || crypto.randomUUID().replace(/-/g, '')
    const created = { ...doc, _id: id, _rev: newRev(1) }
    this.doctypes.get(doctype).set(id, created)
    this.save()
    return created
  }

  /** Replaces the document `id` (which must exist) with `doc` and a new revision. */
  update(doctype, id, doc) {
    const old = this.get(doctype, id)
    if (!old) throw Object.assign(new Error(`no ${doctype} ${id}`), { status: 404 })
    const updated = { ...doc, _id: id, _rev: newRev(Number(old._rev.split('-')[0]) + 1) }
    this.doctypes.get(doctype).set(id, updated)
    this.save()
    return updated
  }

  save() {
    const dump = {}
    for (const [doctype, docs] of this.doctypes) dump[doctype] = [...docs.values()]
    fs.writeFileSync(this.file, JSON.stringify(dump, null, 2) + '\n')
  }
}

function newRev(generation) {
  return `${generation}-${crypto.randomBytes(16).toString('hex')}`
}

module.exports = { Store }
