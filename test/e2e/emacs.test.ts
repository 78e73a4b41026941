// The bundled language server (`node dist/server.js --stdio`) in a third real editor: Emacs 28 in
// --batch with eglot 1.9 (Debian's emacs-nox and elpa-eglot), configured as a user would
// (lib/emacs-driver.el). The assertions read what Emacs itself holds: Flymake's diagnostics,
// eldoc's hover text and completion-at-point's candidates. Skipped, with the reason, when Emacs or
// eglot is not installed.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type EmacsRun, emacsUnavailable, runEmacs } from './lib/emacs';
import { positionOf, rangeOf } from './lib/neovim';
import { FIXTURES_DIR } from './lib/paths';

// Each test carries the reason, so a run without Emacs counts them as skipped and says why.
const IF_EMACS = { skip: emacsUnavailable() };
let dir: string;

function fixture(relative: string): { file: string; text: string } {
  const file = path.join(dir, path.basename(relative));
  cpSync(path.join(FIXTURES_DIR, relative), file);
  return { file, text: readFileSync(file, 'utf8') };
}

function explain(run: EmacsRun): string {
  return `emacs error: ${run.error ?? 'none'}\ndiagnostics: ${JSON.stringify(run.diagnostics)}\nchecks: ${JSON.stringify(run.checks)}\noutput:\n${run.output}`;
}

describe('Emacs (eglot) with the bundled language server', { timeout: 120_000 }, () => {
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-emacs-test-'));
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a syntax error shows in Flymake at its place; typing the comma clears it', IF_EMACS, async () => {
    const { file, text } = fixture('workspace/broken-syntax.polysync.json');
    const run = await runEmacs({
      file,
      checks: [{ name: 'add-comma', kind: 'edit', range: rangeOf(text, '"replicate"'), text: '"replicate",' }],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.equal(run.serverInfo?.name, 'polysync-language-server');
    assert.equal(run.diagnostics.length, 1, explain(run));
    const [syntax] = run.diagnostics;
    assert.equal(syntax.type, 'error');
    assert.match(syntax.text, /^polysync \[PS001\]: Expected `,`/);
    const at = positionOf(text, '"source_connection_id"');
    assert.deepEqual({ line: syntax.line, character: syntax.character }, at);
    assert.deepEqual(run.checks['add-comma'].diagnostics, [], explain(run));
    assert.match(run.checks['add-comma'].text ?? '', /"mode": "replicate",\n/);
  });

  test('a misspelled mode is an error on the value, with the suggestion', IF_EMACS, async () => {
    const { file, text } = fixture('workspace/misspelled-mode.polysync.json');
    const run = await runEmacs({ file });
    assert.equal(run.error, undefined, explain(run));
    const enumError = run.diagnostics.find((d) => d.text.startsWith('polysync [PS104]'));
    assert.ok(enumError, explain(run));
    assert.equal(enumError.type, 'error');
    assert.match(enumError.text, /Did you mean `replicate`\?/);
    assert.deepEqual({ line: enumError.line, character: enumError.character }, positionOf(text, '"replicat"'));
  });

  test('a valid file has no diagnostics; hover documents `mode` and completion offers the modes', IF_EMACS, async () => {
    const { file, text } = fixture('workspace/orders-to-warehouse.polysync.json');
    const run = await runEmacs({
      file,
      checks: [
        { name: 'hover', kind: 'hover', position: positionOf(text, '"mode"', 2) },
        // Right after the opening quote, as in the other editors' tests.
        { name: 'complete', kind: 'complete', position: positionOf(text, '"replicate"', 1) },
      ],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.deepEqual(run.diagnostics, []);
    const hover = run.checks.hover.text ?? '';
    assert.match(hover, /`mode`/);
    assert.match(hover, /`snapshot`/);
    assert.match(hover, /`replicate`/);
    assert.deepEqual([...(run.checks.complete.labels ?? [])].sort(), ['replicate', 'snapshot'], explain(run));
  });
});
