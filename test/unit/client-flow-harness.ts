// The client's command flows without VS Code: a recording Ui (client/src/ui.ts) that answers questions and
// pickers from a script and writes files into a real temporary folder, and behind the request helper
// (client/src/request.ts) the real bundled language server over stdio, reading the sandbox on 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ApiSettings } from '../../client/src/create/apiTarget';
import { credentialsFor } from '../../client/src/create/apiTarget';
import { requestHelper, type SendRequest } from '../../client/src/request';
import type { FieldDiagnostic, FlowDocument, LinkWrite, PickItem, Ui, UiAction, UiFolder } from '../../client/src/ui';
import type { LinkEdit } from '../../protocol/messages';
import { type LspTestClient, startServer } from '../lsp/harness';

export interface Shown {
  level: 'error' | 'warning' | 'info';
  message: string;
  actions: UiAction[];
}

/** A folder of the fake workspace: a real directory, so what a flow writes can be read back. */
export function folderAt(dir: string, index = 0, name = path.basename(dir)): UiFolder {
  const uri = pathToFileURL(dir);
  return { name, index, uri: { fsPath: dir, toString: () => uri.href } };
}

/** Records everything shown; answers questions and pickers from a script. */
export class FakeUi implements Ui {
  shown: Shown[] = [];
  questions: { message: string; detail?: string; choices: string[] }[] = [];
  /** Answers each question; undefined dismisses it. */
  answer: (message: string, choices: string[]) => string | undefined = () => undefined;
  picks: { title: string; placeHolder: string; labels: string[] }[] = [];
  /** Picks from each picker; undefined dismisses it. */
  choose: (items: PickItem[], placeHolder: string) => PickItem | undefined = () => undefined;
  progress: string[] = [];
  running?: AbortController;
  clipboard?: string;
  commands: string[] = [];
  diagnostics = new Map<string, { version: number; items: FieldDiagnostic[] }>();
  folders: UiFolder[] = [];
  opened: string[] = [];
  diffs: { uri: string; title: string }[] = [];
  external: string[] = [];
  logs: string[] = [];
  /** Runs while a request under progress is out, as a person typing during the progress would. */
  duringSend?: () => Promise<void>;

  constructor(private readonly docs: OpenDocuments) {}

  showError(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'error', message, actions });
  }
  showWarning(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'warning', message, actions });
  }
  showInfo(message: string, actions: UiAction[] = []) {
    this.shown.push({ level: 'info', message, actions });
  }
  async ask(message: string, detail: string | undefined, choices: string[]) {
    this.questions.push({ message, detail, choices });
    return this.answer(message, choices);
  }
  async pick<T extends PickItem>(items: T[], options: { title: string; placeHolder: string }): Promise<T | undefined> {
    this.picks.push({ title: options.title, placeHolder: options.placeHolder, labels: items.map((i) => i.label) });
    return this.choose(items, options.placeHolder) as T | undefined;
  }
  async withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.progress.push(title);
    this.running = new AbortController();
    try {
      const result = task(this.running.signal);
      await this.duringSend?.();
      return await result;
    } finally {
      this.running = undefined;
    }
  }
  async copyToClipboard(text: string) {
    this.clipboard = text;
  }
  async executeCommand(command: string, ...args: unknown[]) {
    this.commands.push([command, ...args.map(String)].join(' '));
    return undefined;
  }
  workspaceFolders() {
    return this.folders;
  }
  fileIn(folder: UiFolder, name: string) {
    return pathToFileURL(path.join(folder.uri.fsPath, name)).href;
  }
  openDocument(uri: string): FlowDocument | undefined {
    const open = this.docs.texts.get(uri);
    return open && { uri, fileName: uri.replace('file://', ''), version: open.version };
  }
  relativePath(uri: string) {
    return path.basename(uri);
  }
  async fileExists(uri: string) {
    return existsSync(fileURLToPath(uri));
  }
  /** The folders' `*.polysync.json` files on disk, an open document's text in place of its file's. */
  async workspaceSyncFiles() {
    const files: { uri: string; text: string }[] = [];
    for (const folder of this.folders) {
      const names = (await readdir(folder.uri.fsPath, { recursive: true })).filter((n) => n.endsWith('.polysync.json'));
      for (const name of names.sort()) {
        const uri = pathToFileURL(path.join(folder.uri.fsPath, name)).href;
        files.push({ uri, text: this.docs.texts.get(uri)?.text ?? (await readFile(fileURLToPath(uri), 'utf8')) });
      }
    }
    return files;
  }
  async writeFile(uri: string, text: string) {
    await writeFile(fileURLToPath(uri), text);
  }
  async showDocument(uri: string) {
    this.opened.push(uri);
  }
  async showLiveDiff(uri: string, title: string) {
    this.diffs.push({ uri, title });
  }
  async openExternal(url: string) {
    this.external.push(url);
    return true;
  }
  /** What the editor does: the edit lands only on the version it was made for, and the server hears of it. */
  async writeLink(uri: string, version: number, edit: LinkEdit): Promise<LinkWrite> {
    const open = this.docs.texts.get(uri);
    if (!open || open.version !== version) return 'changed';
    await this.docs.edit(uri, TextDocument.applyEdits(TextDocument.create(uri, 'polysync', version, open.text), [edit]));
    return 'edited';
  }
  setFieldDiagnostics(uri: string, version: number, items: FieldDiagnostic[]) {
    this.diagnostics.set(uri, { version, items });
  }
  clearFieldDiagnostics(uri: string) {
    this.diagnostics.delete(uri);
  }
  log(message: string) {
    this.logs.push(message);
  }

  /** The one message shown, of this level. */
  only(level: Shown['level']): Shown {
    assert.deepEqual(this.shown.map((s) => s.level), [level], JSON.stringify(this.shown.map((s) => s.message)));
    return this.shown[0];
  }
  async pickAction(shown: Shown, title: string): Promise<void> {
    const action = shown.actions.find((a) => a.title === title);
    assert.ok(action, `"${title}" is offered; offered: ${shown.actions.map((a) => a.title).join(', ')}`);
    await action.run();
  }
  everything(): string {
    return JSON.stringify({ shown: this.shown.map((s) => s.message), questions: this.questions, progress: this.progress, diagnostics: [...this.diagnostics.values()] });
  }
}

/**
 * The language server of the running test and the documents open in it, as the editor holds them. A fresh
 * server per test (reset()), so no account data is carried over.
 */
export class OpenDocuments {
  readonly texts = new Map<string, { version: number; text: string }>();
  private readonly servers: LspTestClient[] = [];
  private current: Promise<LspTestClient> | undefined;
  private version = 0;

  server(): Promise<LspTestClient> {
    this.current ??= startServer({ initializationOptions: { accountTimeoutMs: 3000 } }).then((s) => (this.servers.push(s), s));
    return this.current;
  }

  async reset(): Promise<void> {
    // A server still starting is closed too, once it has started.
    const starting = this.current;
    this.current = undefined;
    await starting?.catch(() => undefined);
    await Promise.all(this.servers.splice(0).map((s) => s.close()));
    this.texts.clear();
  }

  /** Opens the text in the server, as the editor does before any command can run on it. */
  /** Opens `text` as `name` under /work/syncs, or at `name` when it is a file: URI. */
  async open(text: string, name = 'orders.polysync.json'): Promise<FlowDocument> {
    const lsp = await this.server();
    const uri = name.startsWith('file://') ? name : `file:///work/syncs/${name}`;
    this.version += 1;
    lsp.notify('textDocument/didClose', { textDocument: { uri } });
    lsp.open(uri, text, 'polysync', this.version);
    this.texts.set(uri, { version: this.version, text });
    return { uri, fileName: fileURLToPath(uri), version: this.version };
  }

  /** An edit to an open document: a new version, sent to the server. */
  async edit(uri: string, text: string): Promise<FlowDocument> {
    const lsp = await this.server();
    this.version += 1;
    lsp.change(uri, this.version, [{ text }]);
    this.texts.set(uri, { version: this.version, text });
    return { uri, fileName: uri.replace('file://', ''), version: this.version };
  }

  text(uri: string): string {
    const open = this.texts.get(uri);
    assert.ok(open, `${uri} is open`);
    return open.text;
  }

  /**
   * The request helper over this server, as the VS Code client's (client/src/languageServer.ts): before
   * each request the server is given the credentials the client sends whenever the key or settings change.
   * `asked` records each request's method and params.
   */
  requester(settings: ApiSettings, key: { value: string | undefined }, asked: { method: string; params: unknown }[] = []): SendRequest {
    return requestHelper({
      isRunning: () => true,
      send: async (method, params, signal) => {
        asked.push({ method, params });
        const lsp = await this.server();
        lsp.notify('polysync/setCredentials', credentialsFor(settings, key.value));
        let id: number | undefined;
        signal?.addEventListener('abort', () => id !== undefined && lsp.notify('$/cancelRequest', { id }), { once: true });
        return lsp.request(method, params as never, { timeoutMs: 20_000, onId: (n) => (id = n) });
      },
    });
  }
}

export async function readText(uri: string): Promise<string> {
  return readFile(fileURLToPath(uri), 'utf8');
}

export async function makeDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
