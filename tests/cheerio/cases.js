// Selector and traversal cases run under node with the real cheerio 1.2 and under kvm
// with its native cheerio (tests/cheerio_native.rs): each prints one line of JSON, and
// the two outputs must be identical. Pages are in pages/.
'use strict';

const fs = require('fs');
const path = require('path');
const cheerio = require('cheerio');

const page = (name) => cheerio.load(fs.readFileSync(path.join(__dirname, 'pages', name)));
const login = page('login.html');
const invoices = page('invoices.html');
const legacy = page('legacy.html');
const cards = page('cards.html');
const accents = page('accents.html');

/// One line per case; an exception prints only that it is an Error (cheerio throws a plain
/// Error with its parser's words, kvm a SyntaxError with its own).
function check(name, fn) {
  let line;
  try {
    line = JSON.stringify(fn());
  } catch (error) {
    line = 'throws ' + (error instanceof Error ? 'an Error' : typeof error);
  }
  console.log(`${name}: ${line === undefined ? 'undefined' : line.slice(0, 3900)}`);
}

const texts = ($, selection) => selection.map((_, el) => $(el).text()).get();
const names = (selection) => selection.toArray().map((el) => el.name || el.type);

// login form
check('login title', () => login('title').text());
check('login hidden inputs', () =>
  login('input[type=hidden]').map((_, el) => [login(el).attr('name'), login(el).val()]).get());
check('login serializeArray', () => login('#login-form').serializeArray());
check('login serialize controls', () => login('input, textarea').serializeArray());
check('login select val', () => login('select[name=lang]').val());
check('login select without selected', () => login('select[name=region]').val());
check('login select multiple', () => login('select[multiple]').val());
check('login textarea val', () => login('textarea').val());
check('login checkbox val', () => [login('[name=remember]').val(), login('[name=newsletter]').val()]);
check('login checked', () => login(':checked').map((_, el) => login(el).attr('name') || el.name).get());
check('login boolean attrs', () => [login('#email').attr('required'), login('#email').attr('autofocus'), login('[name=remember]').attr('checked')]);
check('login missing attr', () => [login('#email').attr('placeholder'), login('nothing').attr('x')]);
check('login attribs', () => login('#email')[0].attribs);
check('login is', () => [login('#email').is('input'), login('#email').is('[required]'), login('form').is('.form--login'), login('form').is('div')]);
check('login script text', () => login('script').text());
check('login script html', () => login('script').html());
check('login style type', () => [login('style')[0].type, login('script')[0].type, login('head')[0].type]);
check('login help html', () => login('.help').html());
check('login option values', () => login('select[name=topics] option').map((_, el) => login(el).attr('value')).get());
check('login body classes', () => [login('body').hasClass('login'), login('body').hasClass('page'), login('body').hasClass('log')]);
check('login enabled text inputs', () => names(login('input:enabled')).length);
check('login disabled', () => login(':disabled').map((_, el) => login(el).attr('name')).get());
check('login button val', () => login('button').val());

// invoice table
check('invoices rows', () => invoices('#invoices tbody tr').length);
check('invoices dates', () => texts(invoices, invoices('td.date')));
check('invoices scrape', () =>
  invoices('tr.row').map((_, row) => {
    const $row = invoices(row);
    return {
      id: $row.data('invoiceId'),
      amount: $row.data('amount'),
      cells: $row.children('td').length,
      total: $row.find('td.num').text(),
      pdf: $row.find('a.dl').attr('href'),
      status: $row.find('.badge').text(),
    };
  }).get());
check('invoices data all', () => invoices('tr.due').data());
check('invoices filter paid', () => invoices('tr.row').filter('.paid').length);
check('invoices filter fn', () => invoices('tr.row').filter((i, el) => invoices(el).data('amount') > 40).map((_, el) => invoices(el).attr('data-invoice-id')).get());
check('invoices not', () => texts(invoices, invoices('tr.row').not('.paid').find('td:first-child')));
check('invoices eq first last', () => [invoices('tr.row').eq(2).attr('class'), invoices('tr.row').first().find('td').eq(1).text(), invoices('tr.row').last().attr('data-invoice-id'), invoices('tr.row').eq(-2).attr('data-amount'), invoices('tr.row').eq(9).length]);
check('invoices slice', () => invoices('tr.row').slice(1, 3).map((_, el) => invoices(el).attr('data-invoice-id')).get());
check('invoices next page', () => invoices('.pagination li.active').next().text());
check('invoices rel next', () => invoices('a[rel=next]').attr('href'));
check('invoices pagination nextAll', () => texts(invoices, invoices('.pagination .active').nextAll()));
check('invoices prevAll', () => texts(invoices, invoices('.pagination li').last().prevAll('li:not(.disabled)')));
check('invoices siblings', () => invoices('.pagination .active').siblings().length);
check('invoices parent', () => names(invoices('td.num').parent()));
check('invoices parents', () => names(invoices('.badge-warning').parents()));
check('invoices parents multi', () => names(invoices('.badge').parents('tr, table')));
check('invoices closest', () => invoices('a.pay').closest('tr').data('invoiceId'));
check('invoices closest multi', () => names(invoices('.badge, a.dl, th').closest('tr')));
check('invoices header cells', () => texts(invoices, invoices('thead th')));
check('invoices nth-child', () => texts(invoices, invoices('tbody tr:nth-child(2n+1) td:nth-child(2)')));
check('invoices has', () => invoices('tr').has('a.pay').length);
check('invoices :has', () => invoices('tr:has(.badge-success)').length);
check('invoices tfoot', () => invoices('tfoot td.num').text());
check('invoices breadcrumb text', () => invoices('.breadcrumb').text());
check('invoices breadcrumb html', () => invoices('.breadcrumb').html());
check('invoices outer html', () => invoices.html(invoices('tr.refund')));
check('invoices index', () => [invoices('tr.due').index(), invoices('.pagination li').index(invoices('.pagination .active'))]);
check('invoices context', () => [invoices('td', 'tr.due').length, invoices('a', invoices('tbody')).length, invoices('span', invoices('tr.row')[0]).text()]);
check('invoices download attr', () => invoices('a.dl').map((_, el) => invoices(el).attr('download')).get());

// legacy page
check('legacy title', () => legacy('title').text());
check('legacy upper-case tags', () => [legacy('TABLE').length, legacy('table').length, legacy('td[align=right]').length]);
check('legacy nested table rows', () => legacy('#releves > tbody > tr').length);
check('legacy cells', () => legacy('#releves tr').map((_, tr) => [legacy(tr).children().map((_, td) => legacy(td).text().trim()).get()]).get());
check('legacy inner table', () => texts(legacy, legacy('table.inner td')));
check('legacy href unquoted', () => legacy('a').map((_, el) => legacy(el).attr('href')).get());
check('legacy body attrs', () => legacy('body').attr());
check('legacy comments', () => legacy('head').contents().map((_, node) => node.type === 'comment' ? node.data : null).get());
check('legacy paragraphs', () => legacy('p').map((_, el) => legacy(el).html()).get());
check('legacy footer', () => [legacy('#footer').text(), legacy('#footer').html()]);
check('legacy script', () => legacy('script').html());
check('legacy font', () => legacy('font b').text());
check('legacy whole text length', () => legacy.text().length);
check('legacy html', () => legacy.html());

// cards
check('cards data', () => cards('article').map((_, el) => [cards(el).data()]).get());
check('cards data keys', () => [cards('.active').data('contractId'), cards('.active').data('startDate'), cards('.active').data('options'), cards('[data-is-paper]').data('isPaper')]);
check('cards titles', () => cards('.card__title').map((_, el) => cards(el).contents().first().text().trim()).get());
check('cards small', () => cards('h2 small').text());
check('cards details', () => cards('.contract').map((_, card) => [cards(card).find('.details > li').map((_, li) => cards(li).find('.k').text() + '=' + cards(li).find('.v').text()).get()]).get());
check('cards sub list', () => texts(cards, cards('ul.sub li')));
check('cards li count', () => [cards('.details li').length, cards('.details > li').length, cards('li.empty').html(), cards('li.empty').text()]);
check('cards buttons', () => cards('footer a.btn').map((_, a) => ({ href: cards(a).attr('href'), cls: cards(a).attr('class') })).get());
check('cards attribute operators', () => [cards('[data-contract-id^=C-]').length, cards('[data-contract-id=""]').length, cards('[class~=contract]').length, cards('[class*=card]').length, cards('a[href$=close]').text()]);
check('cards hidden', () => [cards('[hidden]').attr('hidden'), cards('article[hidden]').length]);
check('cards em comment', () => cards('.offer p').contents().map((_, n) => n.type).get());
check('cards ol nested', () => cards('aside ol > li').map((_, li) => cards(li).children('ol').length).get());
check('cards children text', () => texts(cards, cards('aside ol').first().children()));
check('cards element fields', () => { const el = cards('article')[0]; return [el.tagName, el.name, el.type, el.nodeType, el.children.length, el.parent.name, el.next.type, el.prev.type]; });
check('cards text node fields', () => { const t = cards('.k')[0].children[0]; return [t.type, t.data, t.nodeType, t.parent.name]; });
check('cards siblings of mixed', () => names(cards('article').first().siblings()));
check('cards find node', () => cards('article').find(cards('a.btn--danger')[0]).length);
check('cards toString', () => cards('h2 small').toString());
check('cards each break', () => { const seen = []; cards('li').each((i, el) => { seen.push(cards(el).text().trim().slice(0, 5)); return i < 2; }); return seen; });
check('cards map flatten', () => cards('article').map((_, el) => [cards(el).attr('data-contract-id'), 'x']).get());

// accents
check('accents h1', () => accents('h1').text());
check('accents h1 html', () => accents('h1').html());
check('accents intro', () => [accents('.intro').text(), accents('.intro strong').html()]);
check('accents dl', () => accents('dt').map((_, dt) => accents(dt).text() + ' -> ' + accents(dt).next('dd').text()).get());
check('accents dd br', () => accents('dd').last().html());
check('accents ops', () => accents('.ops tr').map((_, tr) => [[accents(tr).find('td').first().text(), accents(tr).find('.m').text()]]).get());
check('accents notes', () => [accents('.notes').text(), accents('.notes').html()]);
check('accents quotes', () => [accents('.quotes').attr('title'), accents('.quotes').text(), accents.html(accents('.quotes'))]);
check('accents whitespace', () => [accents('.ws').text(), accents('pre').text(), accents('pre').html()]);
check('accents root text', () => accents.root().text());
check('accents whole html', () => accents.html());
check('accents root find', () => [accents.root().find('td.m').length, accents.root().children().length, accents.root()[0].type]);

// errors and edge cases
check('invalid selector', () => invoices('tr[').length);
check('invalid selector in find', () => invoices('tbody').find('td,,').length);
check('empty selection', () => { const s = invoices('.nothing'); return [s.length, s.text(), s.html(), s.attr('x'), s.val(), s.first().length, s.parent().length]; });
check('falsy selector', () => [invoices('').length, invoices(null).length, invoices(undefined).length]);
check('leading combinator find', () => texts(cards, cards('aside').find('> ol > li')));
check('buffer load', () => cheerio.load(Buffer.from('<p>é</p>'))('p').text());
check('load fragment string', () => cheerio.load('<li>a</li><li>b</li>').html());
check('create element', () => [invoices('<div class="x"><b>new</b></div>').find('b').text(), invoices('<p>x</p>').length]);
