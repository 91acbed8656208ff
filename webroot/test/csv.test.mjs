import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSV_COLUMNS, csvCell, eventsCsv } from '../src/csv.js';

test('cells are quoted as RFC 4180 asks', () => {
  assert.equal(csvCell('plain'), 'plain');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(false), 'false');
});

test('a cell a spreadsheet would run as a formula gets a leading quote', () => {
  for (const start of ['=', '+', '-', '@', '\t', '\r']) {
    assert.ok(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`), start);
  }
  assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
});

test('events become a header and one CRLF line each, geo flattened, in the server export columns', () => {
  const csv = eventsCsv([{ id: 'e1', timestamp: '2026-11-24T10:00:00.000Z', type: 'account_activity', userId: 'u',
    sourceIp: '1.2.3.4', action: 'login', success: false, failureReason: 'bad, password', geo: { country: 'DE', city: 'Berlin' } }]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], CSV_COLUMNS.join(','));
  assert.equal(lines[2], '');
  const cells = lines[1].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  assert.equal(cells.length, CSV_COLUMNS.length);
  assert.equal(cells[CSV_COLUMNS.indexOf('country')], 'DE');
  assert.equal(cells[CSV_COLUMNS.indexOf('failureReason')], '"bad, password"');
  assert.equal(cells[CSV_COLUMNS.indexOf('success')], 'false');
});
