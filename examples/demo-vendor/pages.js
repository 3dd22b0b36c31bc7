// The demo vendor's HTML pages. Dates and amounts are shown as a French vendor would
// (05/12/2024, 47,30 €), so that a konnector has something to parse.

function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>${title} – Demo Vendor</title></head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`
}

function loginPage(csrfToken, failed) {
  const error = failed ? '<p class="error">Wrong email or password.</p>\n' : ''
  return layout(
    'Sign in',
    `${error}<form method="post" action="/login">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  <label>Email <input type="email" name="email"></label>
  <label>Password <input type="password" name="password"></label>
  <button type="submit">Sign in</button>
</form>`
  )
}

function accountPage(profile) {
  return layout(
    'Your account',
    `<p class="welcome">Welcome, ${profile.name.first} ${profile.name.last}.</p>
<p><a href="/invoices?page=1">Your invoices</a></p>`
  )
}

function invoicesPage(invoices, page, pages) {
  const rows = invoices
    .map(
      ({ id, date, cents }) => `    <tr>
      <td class="date">${frenchDate(date)}</td>
      <td class="amount">${frenchAmount(cents)}</td>
      <td class="number">${id}</td>
      <td><a class="pdf" href="/invoices/${id}.pdf">PDF</a></td>
    </tr>`
    )
    .join('\n')
  const next =
    page < pages ? `\n<p><a class="next" href="/invoices?page=${page + 1}">Next page</a></p>` : ''
  return layout(
    `Invoices (page ${page} of ${pages})`,
    `<table class="invoices">
  <thead><tr><th>Date</th><th>Amount</th><th>Invoice</th><th></th></tr></thead>
  <tbody>
${rows}
  </tbody>
</table>${next}`
  )
}

function frenchDate(isoDate) {
  const [year, month, day] = isoDate.split('-')
  return `${day}/${month}/${year}`
}

function frenchAmount(cents) {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`
}

module.exports = { loginPage, accountPage, invoicesPage }
