// A small konnector on cozy-konnector-libs, run by tests/local_cozy.rs under node (against
// kvm::cozy::serve) and under kvm (against the built-in local Cozy): it saves two bills
// with their PDF fetched from the test's vendor server, an identity and a contract, and
// saves the same data again on a second call so deduplication is exercised.
const {
  BaseKonnector,
  saveBills,
  saveIdentity,
  updateOrCreate,
  log
} = require('cozy-konnector-libs')

module.exports = new BaseKonnector(async function start(fields) {
  const vendor = fields.vendorUrl
  log('info', `saving bills of ${fields.login} from ${vendor}`)
  const bills = ['2024-01', '2024-02'].map((month, i) => ({
    vendor: 'Test Vendor',
    date: new Date(`${month}-15T00:00:00.000Z`),
    amount: 10 + i,
    currency: '€',
    vendorRef: `REF-${month}`,
    // The test's vendor serves N sample bytes at /bytes?n=N.
    fileurl: `${vendor}/bytes?n=${[5000, 7000][i]}`,
    filename: `${month}.pdf`,
    fileAttributes: { metadata: { carbonCopy: true } }
  }))
  const options = {
    identifiers: ['test vendor'],
    sourceAccount: this.accountId,
    sourceAccountIdentifier: fields.login,
    fileIdAttributes: ['vendorRef'],
    // Pipes each download at once: without it, cozy-konnector-libs starts the download,
    // then sends the file's metadata, and pipes only after (too late if the vendor was
    // quicker: the upload then waits forever, under node as under kvm).
    contentType: 'application/pdf',
    linkBankOperations: false
  }
  await saveBills(bills, fields, options)
  await saveIdentity(
    { contact: { name: { givenName: 'Ada', familyName: 'Lovelace' }, email: [{ address: 'ada@example.com' }] } },
    fields.login
  )
  await updateOrCreate(
    [{ number: 'C-1', label: 'Internet', login: fields.login }],
    'io.cozy.test.contracts',
    ['number']
  )
  // A second pass changes nothing: the same bills and files are found again.
  await saveBills(bills.map(b => ({ ...b })), fields, options)
  await updateOrCreate(
    [{ number: 'C-1', label: 'Internet and TV', login: fields.login }],
    'io.cozy.test.contracts',
    ['number']
  )
  log('info', 'done')
})
