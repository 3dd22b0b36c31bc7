'use strict';

const cheerio = require('cheerio');

const page = `<!doctype html>
<html><head><title>Mes factures &amp; contrats</title></head>
<body>
  <form id="login" action="/session" method="post">
    <input type="hidden" name="csrf" value="tok&#233;n">
    <input type="text" name="login" value="ada">
    <input type="password" name="password">
    <input type="checkbox" name="remember" value="1" checked>
    <select name="lang"><option value="en">English</option><option value="fr" selected>Français</option></select>
  </form>
  <table class="bills">
    <thead><tr><th>Date</th><th>Montant</th><th>PDF</th></tr></thead>
    <tbody>
      <tr data-id="b1"><td>15/01/2024</td><td> 61,20 € </td><td><a href="/pdf/b1.pdf?x=1&amp;y=2">télécharger</a></td></tr>
      <tr data-id="b2" class="unpaid"><td>15/02/2024</td><td>58,40 €</td><td><a href="/pdf/b2.pdf">télécharger</a></td></tr>
      <tr data-id="b3"><td>15/03/2024</td><td>1 002,00 €</td><td></td></tr>
    </tbody>
  </table>
  <ul><li>un</li><li class="x">deux <b>gras</b></li><!-- note --><li>trois</li></ul>
</body></html>`;

// A vendor page served in windows-1252, its charset named only by a <meta> tag.
const legacyPage = Buffer.concat([
  Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>'),
  Buffer.from([0x80, 0x20, 0x35, 0x2c, 0x39, 0x30, 0x20, 0xe9, 0x74, 0xe9, 0x20, 0x96, 0x20, 0x93, 0x6f, 0x6b, 0x94]),
  Buffer.from('</p></body></html>'),
]);

// Parses through cheerio's writable streams, fed in two chunks.
function viaStream(makeStream, first, second) {
  return new Promise((resolve, reject) => {
    const stream = makeStream((err, $) => (err ? reject(err) : resolve($)));
    stream.write(first);
    stream.end(second);
  });
}

module.exports = async function cheerioSection(print) {
  const $ = cheerio.load(page);
  print('title', $('title').text());
  const rows = $('table.bills tbody tr').map((_, tr) => {
    const cells = $(tr).find('td');
    return {
      id: $(tr).attr('data-id'),
      date: cells.eq(0).text(),
      amount: parseFloat(cells.eq(1).text().replace(/[^\d,]/g, '').replace(',', '.')),
      pdf: cells.eq(2).find('a').attr('href') || null,
      unpaid: $(tr).hasClass('unpaid'),
    };
  }).get();
  print('rows', rows);
  print('headers', $('thead th').toArray().map((th) => $(th).text()));
  print('form', $('#login').serializeArray());
  print('form attrs', [$('form').attr('action'), $('form').attr('method'), $('input[name=csrf]').val(),
    $('select[name=lang]').val(), $('input[type=checkbox]').prop('checked')]);
  print('list', [$('li').length, $('li.x').text(), $('li.x').html(), $('li').last().prev().text()]);
  $('li.x b').replaceWith('<i>italique</i>');
  $('ul').append('<li>quatre</li>');
  print('edited', $('ul').html().replace(/\s+/g, ' '));
  const xml = cheerio.load('<feed><entry id="1"><t>A</t></entry><entry id="2"><t>B</t></entry></feed>', { xml: true });
  print('xml', xml('entry').map((_, e) => `${xml(e).attr('id')}=${xml(e).find('t').text()}`).get());
  print('contains', $('td:contains("58,40")').parent().attr('data-id'));
  print('extract', $.extract({ links: [{ selector: 'a', value: 'href' }], title: 'title' }));
  print('loadBuffer', cheerio.loadBuffer(legacyPage)('p').text());
  const decoded = await viaStream((cb) => cheerio.decodeStream({}, cb), legacyPage.subarray(0, 70), legacyPage.subarray(70));
  print('decodeStream', decoded('p').text());
  const streamed = await viaStream((cb) => cheerio.stringStream({}, cb), page.slice(0, 400), page.slice(400));
  print('stringStream', streamed('tr[data-id]').map((_, tr) => streamed(tr).attr('data-id')).get());
};
