// A konnector that saves without a vendor (its files are made in memory), run by
// tests/konnector_lib_data.rs twice — bundled with the real cozy-konnector-libs 5.13 under
// node, and unbundled under kvm, which serves its own library — to require the same saved
// data. It covers what the saving half of the library does: bank operations through
// hydrateAndFilter and addData, bills with their files (a buffer, a stream from fetchFile, one
// without a file) saved twice so the second pass finds them and
// links them to the operations (single debits, a refund's credit, two health bills summed
// into one debit), saveFiles alone, an identity, and the account's data.
const { Readable } = require('stream')
const {
  BaseKonnector,
  saveBills,
  saveFiles,
  saveIdentity,
  hydrateAndFilter,
  addData,
  updateOrCreate,
  log
} = require('cozy-konnector-libs')

// Bytes with a buffer of their own (a small Buffer may share node's pool, which cozy-client
// would upload whole).
const pdf = text => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`)

const OPERATIONS = [
  { label: 'PRLV DEMO VENDOR JANVIER', amount: -38.2, date: '2024-01-06T00:00:00.000Z' },
  { label: 'PRLV DEMO VENDOR FEVRIER', amount: -41.75, date: '2024-02-07T00:00:00.000Z' },
  { label: 'CB DR HOUSE', amount: -50, date: '2024-03-10T00:00:00.000Z', automaticCategoryId: '400610' },
  { label: 'VIR CPAM REMBOURSEMENT', amount: 14, date: '2024-03-12T00:00:00.000Z', automaticCategoryId: '400620' },
  { label: 'PRLV DEMO VENDOR INTERNET', amount: -29.99, date: '2024-03-02T00:00:00.000Z' }
]

function bills() {
  return [
    { vendor: 'demo-vendor', vendorRef: 'INV-1', date: new Date('2024-01-05T00:00:00.000Z'), amount: 38.2, currency: '€', filename: 'janvier.pdf', filestream: pdf('janvier'), fileAttributes: { metadata: { carbonCopy: true } } },
    { vendor: 'demo-vendor', vendorRef: 'INV-2', date: new Date('2024-02-05T00:00:00.000Z'), amount: 41.75, filename: 'fevrier.pdf', fetchFile: async () => Readable.from([Buffer.from(pdf('fevrier'))]) },
    { vendor: 'demo-vendor', vendorRef: 'INV-3', date: new Date('2024-03-01T00:00:00.000Z'), amount: 29.99, currency: 'EUR', filename: 'internet.pdf', filestream: pdf('internet') },
    { vendor: 'Ameli', type: 'health_costs', isRefund: true, vendorRef: 'AM-1', date: new Date('2024-03-12T00:00:00.000Z'), originalDate: new Date('2024-03-10T00:00:00.000Z'), amount: 14, originalAmount: 20, filename: 'ameli-1.pdf', filestream: pdf('ameli 1') },
    { vendor: 'Ameli', type: 'health_costs', isRefund: true, vendorRef: 'AM-2', date: new Date('2024-03-13T00:00:00.000Z'), originalDate: new Date('2024-03-10T00:00:00.000Z'), amount: 21, originalAmount: 30, filename: 'ameli-2.pdf', filestream: pdf('ameli 2') },
    { vendor: 'demo-vendor', vendorRef: 'NO-FILE', date: new Date('2024-04-05T00:00:00.000Z'), amount: 1 }
  ]
}

module.exports = new BaseKonnector(async function start(fields) {
  log('info', `Saving into ${fields.folderPath}`)
  const newOperations = await hydrateAndFilter(OPERATIONS, 'io.cozy.bank.operations', { keys: ['label'] })
  await addData(newOperations, 'io.cozy.bank.operations')
  const again = await hydrateAndFilter(OPERATIONS.map(op => ({ ...op })), 'io.cozy.bank.operations', { keys: ['label'] })
  log('info', `${again.length} operations left to save`)

  const options = { identifiers: ['demo vendor', 'cpam'], fileIdAttributes: ['vendorRef'] }
  await this.saveBills(bills(), fields, options)
  const links = await this.saveBills(bills(), fields, options)
  for (const { bill, debitOperation, creditOperation } of Object.values(links)) {
    log('info', `${bill.vendorRef}: debit ${debitOperation && debitOperation.label}, credit ${creditOperation && creditOperation.label}`)
  }

  const saved = await saveFiles(
    [{ filename: 'notice.pdf', filestream: pdf('notice') }],
    fields,
    { sourceAccount: this.accountId, sourceAccountIdentifier: fields.login, fileIdAttributes: ['filename'] }
  )
  log('info', `saveFiles gave ${saved[0].fileDocument.name} of ${saved[0].fileDocument.size} bytes`)

  await saveIdentity(
    { contact: { name: { givenName: ' Ada', familyName: 'Lovelace ' }, phone: '+44 (0)20 7946 0018', address: 'St James’s Square<br>London\nUK', email: 'ada@example.com' } },
    fields.login
  )
  await updateOrCreate([{ label: 'PRLV DEMO VENDOR JANVIER', note: 'checked' }], 'io.cozy.bank.operations', ['label'])
  await this.saveAccountData({ lastBill: 'INV-3' })
  await this.saveAccountData({ pages: 2 })
  log('info', `account data ${JSON.stringify(this.getAccountData())}`)
})
