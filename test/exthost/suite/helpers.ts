// What the extension-host suites share: the fixture workspace, bounded waits for a state (never a
// fixed sleep), the sandbox API's state, and the workbench driver (test/exthost/driver.ts).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { report } from './report';

export const EXTENSION_ID = 'polysync.polysync';
/** Bound of each wait for a state; the negative control shortens it. */
export const WAIT_MS = Number(process.env.POLYSYNC_E2E_TIMEOUT_MS) || 20_000;

export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture in an editor, as a user would (the editor's document, not a hidden one). */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const editor = await vscode.window.showTextDocument(fixtureUri(name), { preview: false });
  assert.equal(editor.document.languageId, 'polysync', `${name} opens in the Polysync language mode`);
  return editor.document;
}

/**
 * Polls `check` until it returns something other than undefined/false, at most `timeoutMs` (WAIT_MS
 * unless the state takes a known time longer); fails with `description` and what `seen` says was last
 * observed.
 */
export async function waitFor<T>(description: string, check: () => T | undefined | false | PromiseLike<T | undefined | false>, seen?: () => unknown, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = seen ? `; last seen: ${JSON.stringify(seen())}` : '';
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}${last}`);
}

/** The language server's diagnostics on `uri` (not the API's field diagnostics). */
export function serverDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'polysync');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export function describeDiagnostics(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => `${d.source} ${codeOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
}

export async function waitForDiagnostic(uri: vscode.Uri, code: string): Promise<vscode.Diagnostic> {
  return waitFor(`a ${code} diagnostic on ${uri.path}`, () => serverDiagnostics(uri).find((d) => codeOf(d) === code), () => describeDiagnostics(uri));
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** Position just after the first occurrence of `needle` in the document (plus `offset`). */
export function positionAfter(doc: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${doc.uri.path}`);
  return doc.positionAt(at + needle.length + offset);
}

// ---- the sandbox API (polysync.apiUrl points at it) --------------------------------------------

export interface SandboxSync {
  id: string;
  name: string;
  updated_at?: string;
}

export function sandboxUrl(): string {
  const url = vscode.workspace.getConfiguration('polysync').get<string>('apiUrl') ?? '';
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'polysync.apiUrl names the local sandbox');
  return url;
}

/** The syncs the sandbox has created, from its admin route (no key needed, loopback only). */
export async function sandboxSyncs(): Promise<SandboxSync[]> {
  const response = await fetch(`${sandboxUrl()}/__sandbox/state`);
  assert.equal(response.status, 200, 'the sandbox answers its state');
  const { data } = (await response.json()) as { data: { bulk_syncs: SandboxSync[] } };
  return data.bulk_syncs;
}

export async function sandboxRequests(): Promise<number> {
  const response = await fetch(`${sandboxUrl()}/__sandbox/state`);
  const { data } = (await response.json()) as { data: { requests: number } };
  return data.requests;
}

/** How the sandbox runs the next executions (its admin route); answers the plan before the change. */
export interface ExecutionPlan {
  durationMs: number;
  outcome: 'completed' | 'failed' | 'canceled';
}

export async function setExecutionPlan(plan: Partial<ExecutionPlan>): Promise<ExecutionPlan> {
  const response = await fetch(`${sandboxUrl()}/__sandbox/executions`, { method: 'PUT', body: JSON.stringify(plan) });
  assert.equal(response.status, 200, 'the sandbox takes the execution plan');
  const { data } = (await response.json()) as { data: { previous: ExecutionPlan } };
  return data.previous;
}

// ---- the workbench driver ----------------------------------------------------------------------

/** Why driver steps cannot run, or undefined when they can. */
export function driverUnavailable(): string | undefined {
  return process.env.POLYSYNC_EXTHOST_DRIVER
    ? undefined
    : 'no workbench driver in this run (POLYSYNC_EXTHOST_DRIVER is not set: under @vscode/test-electron no browser answers input boxes or reads notifications)';
}

/**
 * Asks the runner's workbench driver to do or read something in the UI. Steps that need it are
 * skipped, with the reason printed, when no browser drives the editor (the test-electron runner).
 */
export async function drive<T>(context: Mocha.Context, route: string, body: Record<string, unknown>): Promise<T> {
  const missing = driverUnavailable();
  if (missing) skip(context, missing);
  const response = await fetch(`${process.env.POLYSYNC_EXTHOST_DRIVER}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(`the workbench driver could not do ${route} ${JSON.stringify(body)}: ${data.error}`);
  return data;
}

/**
 * One request to the sandbox's API with its user key, sent by the driver (the suite never holds a
 * key), as another person using Polytomic would. Fails unless the API answers 2xx.
 */
export async function sandboxApi<T>(context: Mocha.Context, method: string, apiPath: string, body?: unknown): Promise<T> {
  const answer = await drive<{ status: number; body: { data?: T } | null }>(context, '/sandbox/api', { method, path: apiPath, sandboxKey: 'user', ...(body === undefined ? {} : { body }) });
  assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${apiPath} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body?.data as T;
}

export function skip(context: Mocha.Context, reason: string): never {
  report(`    skipped "${context.test?.title}": ${reason}`);
  context.skip();
}

/** Closes every editor, dropping unsaved edits, so each suite starts from the files on disk. */
export async function closeAllEditors(): Promise<void> {
  for (let i = 0; i < 50 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
