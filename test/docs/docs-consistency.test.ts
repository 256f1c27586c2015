// The documents a reader navigates by stay true: generated endpoint list, compat-notes references from the code,
// the architecture glossary table and the import counter identities.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const read = (file: string) => readFileSync(file, 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Cells of a markdown table row, honouring `\|` escapes. */
const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/);

describe('documentation consistency', () => {
  it('endpoints.md names every route file, finds tests in any quoting, lists pushes, websocket and gaps', () => {
    const doc = read('docs/endpoints.md');
    assert.doesNotMatch(doc, /\| `\?` \|/, 'a route without its file');
    const row = (p: string) => doc.split('\n').find((l) => l.includes(`\`${p}\``)) ?? '';
    // Tested only through template literals or double quotes: the old scan missed these.
    assert.match(row('/ext/scripts/export'), /07-scripts-ext\.test\.ts/);
    assert.match(row('/api/downloadBlacklistapi'), /08-dnd\.test\.ts/);
    assert.match(row('/ext/importSettings'), /src\/http\/routes\/ext\/import-settings\.ts/);
    for (const channel of ['push `call_record`', 'push `import_result`', 'push `analytics`', 'websocket']) {
      assert.ok(doc.includes(channel), channel);
    }
    const gaps = doc.slice(doc.indexOf('## Reference sections not implemented'));
    assert.ok(gaps.length > 0 && gaps.includes('20001'));
    assert.match(gaps, /\| 6\.8 \|/);
    assert.doesNotMatch(gaps, /\| 6\.1 \|/);
  });

  it('every compat-notes "…" reference in the code names a heading or a bold lead-in', () => {
    const notes = read('docs/compat-notes.md');
    const anchors = [
      ...notes.split('\n').filter((l) => l.startsWith('#')),
      ...[...notes.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!),
    ].map((a) => a.toLowerCase());
    const broken: string[] = [];
    for (const file of sources('src')) {
      const text = read(file).replace(/\n\s*(?:\/\/|\*)\s*/g, ' ');
      for (const m of text.matchAll(/compat-notes(?:\.md)?((?:,? *"[^"]+")+)/g)) {
        for (const [, name] of m[1]!.matchAll(/"([^"]+)"/g)) {
          if (!anchors.some((a) => a.includes(name!.toLowerCase()))) broken.push(`${file}: "${name}"`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  it('the architecture glossary renders: every row has the header cell count', () => {
    const doc = read('docs/architecture.md');
    const table = doc
      .slice(doc.indexOf('## Glossary'))
      .split('\n')
      .filter((l) => l.startsWith('|'));
    assert.ok(table.length > 5);
    const width = cells(table[0]!).length;
    for (const row of table) assert.equal(cells(row).length, width, row);
  });

  it('compat-notes states the import counter identities that hold (tested in 05-import-pipeline)', () => {
    const notes = read('docs/compat-notes.md').replace(/\s+/g, ' ');
    const para = notes.slice(notes.indexOf('**Import counters.**'), notes.indexOf('pushes it (5.7.15)'));
    assert.ok(para.length > 0, 'the Import counters paragraph');
    assert.match(para, /`successCount` is not a term/);
    assert.match(para, /= `successCount` \+ the numbers held back/);
    assert.doesNotMatch(notes, /add up to `totalCount`/);
  });
});
