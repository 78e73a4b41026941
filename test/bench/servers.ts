// The servers the benchmark starts: ours (the development bundle), VS Code's JSON language server
// configured with our schema (the reference), and the minimal servers start-up is compared with.
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type ServerCommand } from './lspClient';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SCHEMA_URL = pathToFileURL(path.join(ROOT, 'schemas', 'bulk-sync.schema.json')).toString();

// The development bundle keeps its code cache in a folder of the benchmark's own, reused between runs.
export const OURS_CACHE_DIR = path.join(os.tmpdir(), 'polysync-bench-code-cache');
export const OURS: ServerCommand = {
  label: 'polysync',
  command: process.execPath,
  args: [path.join(ROOT, 'dist', 'server.js'), '--stdio'],
  env: { POLYSYNC_CACHE_DIR: OURS_CACHE_DIR },
};
/** vscode-languageserver answering `initialize` and nothing else: the library's share of a start. */
export const LIBRARY_ONLY: ServerCommand = { label: 'vscode-languageserver alone', command: process.execPath, args: [path.join(__dirname, 'minimal-server.js'), '--stdio'] };
/** Node answering `initialize` with nothing loaded: Node's own start, as a server, for the CPU-time row. */
export const NODE_SERVER: ServerCommand = { label: 'Node answering initialize', command: process.execPath, args: [path.join(__dirname, 'node-server.js')] };
export const THEIRS: ServerCommand = {
  label: 'vscode-json-language-server',
  command: process.execPath,
  args: [path.join(ROOT, 'node_modules', 'vscode-langservers-extracted', 'bin', 'vscode-json-language-server'), '--stdio'],
};

export async function startServer(server: ServerCommand, pullDiagnostics: boolean): Promise<LspClient> {
  const jsonSettings = { validate: { enable: true }, schemas: [{ fileMatch: ['*.polysync.json'], url: SCHEMA_URL }] };
  const client = await LspClient.start(server, {
    pullDiagnostics,
    configuration: (section) => (section === 'json' ? jsonSettings : null),
  });
  if (server === THEIRS) {
    // The reference server learns its schemas from pushed settings (as VS Code sends them).
    client.notify('workspace/didChangeConfiguration', { settings: { json: jsonSettings } });
  }
  return client;
}

export function languageIdFor(server: ServerCommand): string {
  return server === THEIRS ? 'json' : 'polysync';
}
