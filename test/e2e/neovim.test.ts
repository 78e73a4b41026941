// The bundled language server (`node dist/server.js --stdio`) in a second real editor: headless
// Neovim 0.7 with its built-in LSP client (lib/nvim-driver.lua). Each test runs Neovim once on a
// temp copy of a fixture and asserts on what Neovim received. A new check is one more entry in
// `checks` (kinds: request, edit, applyCodeAction; see the driver's header).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type LspDiagnostic, type NvimRun, positionOf, rangeOf, runNeovim } from './lib/neovim';
import { FIXTURES_DIR } from './lib/paths';

const ERROR = 1;
let dir: string;

/** A private copy of a fixture, and its text. */
function fixture(relative: string): { file: string; text: string } {
  const file = path.join(dir, path.basename(relative));
  cpSync(path.join(FIXTURES_DIR, relative), file);
  return { file, text: readFileSync(file, 'utf8') };
}

function explain(run: NvimRun): string {
  return `neovim error: ${run.error ?? 'none'}\nchecks: ${JSON.stringify(run.checks)}\noutput:\n${run.output}`;
}

interface CompletionItem {
  label: string;
  textEdit?: { newText: string; range: unknown };
}

function codes(diagnostics: LspDiagnostic[] | undefined): string[] {
  return (diagnostics ?? []).map((d) => String(d.code));
}

describe('Neovim (built-in LSP client) with the bundled language server', { timeout: 120_000 }, () => {
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'polysync-nvim-test-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a syntax error arrives as a located PS001 diagnostic from polysync', async () => {
    const { file, text } = fixture('workspace/broken-syntax.polysync.json');
    const run = await runNeovim({ file });
    assert.equal(run.error, undefined, explain(run));
    assert.equal(run.serverInfo?.name, 'polysync-language-server');
    const syntax = run.diagnostics.find((d) => d.code === 'PS001');
    assert.ok(syntax, `no PS001 in ${JSON.stringify(run.diagnostics)}`);
    assert.equal(syntax.source, 'polysync');
    assert.equal(syntax.severity, ERROR);
    assert.deepEqual(syntax.range.start, positionOf(text, '"source_connection_id"'));
  });

  test('a valid file gets an empty diagnostics list, and an edit that breaks it gets one', async () => {
    const { file, text } = fixture('workspace/orders-to-warehouse.polysync.json');
    const run = await runNeovim({
      file,
      checks: [{ name: 'drop-comma', kind: 'edit', range: rangeOf(text, '"replicate",'), text: '"replicate"' }],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.deepEqual(run.diagnostics, []);
    assert.deepEqual(codes(run.checks['drop-comma'].diagnostics), ['PS001']);
  });

  test('typing the missing comma clears the syntax error', async () => {
    const { file, text } = fixture('workspace/broken-syntax.polysync.json');
    const run = await runNeovim({
      file,
      checks: [{ name: 'add-comma', kind: 'edit', range: rangeOf(text, '"replicate"'), text: '"replicate",' }],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.deepEqual(codes(run.diagnostics), ['PS001']);
    assert.deepEqual(run.checks['add-comma'].diagnostics, []);
  });

  test('a misspelled enum value offers a quick fix that Neovim applies', async () => {
    const { file, text } = fixture('workspace/misspelled-mode.polysync.json');
    const value = rangeOf(text, '"replicat"');
    const run = await runNeovim({
      file,
      checks: [
        { name: 'actions', kind: 'request', method: 'textDocument/codeAction', range: value },
        { name: 'apply', kind: 'applyCodeAction', range: value, title: 'replicate' },
      ],
    });
    assert.equal(run.error, undefined, explain(run));
    const enumError = run.diagnostics.find((d) => d.code === 'PS104');
    assert.ok(enumError, `no PS104 in ${JSON.stringify(run.diagnostics)}`);
    assert.deepEqual(enumError.range, value);
    const actions = run.checks.actions.result as Array<{ title: string; kind?: string }>;
    assert.ok(Array.isArray(actions) && actions.some((a) => a.kind === 'quickfix' && /replicate/.test(a.title)), JSON.stringify(actions));
    const applied = run.checks.apply;
    assert.equal(applied.error, undefined, JSON.stringify(applied));
    assert.match(applied.text ?? '', /"mode": "replicate",/);
    assert.deepEqual(applied.diagnostics, []);
  });

  test('hover on a property key shows its documentation', async () => {
    const { file, text } = fixture('workspace/orders-to-warehouse.polysync.json');
    const run = await runNeovim({
      file,
      checks: [{ name: 'hover', kind: 'request', method: 'textDocument/hover', position: positionOf(text, '"mode"', 2) }],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.ok(run.capabilities?.hoverProvider, 'the server advertises hover');
    const hover = run.checks.hover.result as { contents: { kind: string; value: string }; range?: unknown } | null;
    assert.ok(hover, `no hover: ${JSON.stringify(run.checks.hover)}`);
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /`mode`/);
    assert.match(hover.contents.value, /`snapshot`/);
    assert.match(hover.contents.value, /`replicate`/);
    assert.deepEqual(hover.range, rangeOf(text, '"mode"'));
  });

  test('completion inside the mode value offers exactly the allowed modes', async () => {
    const { file, text } = fixture('workspace/orders-to-warehouse.polysync.json');
    const run = await runNeovim({
      file,
      checks: [{ name: 'complete', kind: 'request', method: 'textDocument/completion', position: positionOf(text, '"replicate"', 1) }],
    });
    assert.equal(run.error, undefined, explain(run));
    assert.ok(run.capabilities?.completionProvider, 'the server advertises completion');
    const answer = run.checks.complete.result as { items?: CompletionItem[] } | CompletionItem[] | null;
    const items = Array.isArray(answer) ? answer : (answer?.items ?? []);
    assert.deepEqual(items.map((i) => i.label).sort(), ['replicate', 'snapshot']);
    // Accepting an item replaces the whole quoted value, so the result stays valid JSON.
    const snapshot = items.find((i) => i.label === 'snapshot');
    assert.equal(snapshot?.textEdit?.newText, '"snapshot"');
    assert.deepEqual(snapshot?.textEdit?.range, rangeOf(text, '"replicate"'));
  });
});
