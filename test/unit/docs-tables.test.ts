// Tables in the project's Markdown render only when every row follows the header and separator
// line with no blank line between, and has as many cells as the header.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { readTables } from './markdown';

const root = path.resolve(__dirname, '..', '..');
const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', 'examples/README.md', 'docs/schemastore.md'];

test('the table reader reports a row cut off by a blank line and a row with a cell too many', () => {
  const { tables, strayRows } = readTables('| a | b |\n|---|---|\n| 1 | `x|y` |\n\n| 2 | 3 |\n');
  assert.deepEqual(tables.map((t) => [t.header, t.rows.map((r) => r.cells)]), [[['a', 'b'], [['1', '`x|y`']]]]);
  assert.deepEqual(strayRows, [{ line: 5, text: '| 2 | 3 |' }]);
  const [wide] = readTables('| a | b |\n|---|---|\n| 1 | 2 | 3 |\n').tables;
  assert.equal(wide.rows[0].cells.length, 3);
});

for (const name of DOCUMENTS) {
  test(`${name}: every table row is in its table, with the header's number of cells`, () => {
    const { tables, strayRows } = readTables(readFileSync(path.join(root, name), 'utf8'));
    assert.deepEqual(strayRows.map((r) => `${name}:${r.line}`), [], 'rows outside a table (a blank line inside the table?)');
    for (const table of tables) {
      for (const row of table.rows) {
        assert.equal(row.cells.length, table.header.length, `${name}:${row.line} has ${row.cells.length} cells; the header at line ${table.line} has ${table.header.length}`);
      }
    }
  });
}

test('examples/README.md lists every example once, in its table', () => {
  const { tables } = readTables(readFileSync(path.join(root, 'examples', 'README.md'), 'utf8'));
  assert.equal(tables.length, 1);
  const listed = tables[0].rows.map((r) => r.cells[0].replace(/`/g, '')).sort();
  const files = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.polysync.json')).sort();
  assert.deepEqual(listed, files);
});
