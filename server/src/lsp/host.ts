// What the language server runs on, for the Node builds (dist/server-core.js and the tests' sources): the
// command line, the LSP connection of vscode-languageserver/node (--stdio, --node-ipc, --socket, --pipe),
// the process environment, the docs beside the bundle and the V8 code cache report. The web build puts
// host.web.ts in this module's place (esbuild.mjs), so none of this reaches a browser bundle.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { codeCacheReport, describeCodeCache } from '../boot/report';
import { VERSION } from '../version';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
if (argv.includes('--version')) {
  process.stdout.write(`polysync-language-server ${VERSION}\n`);
  process.exit(0);
}
if (argv.includes('--help') || !argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.stdout.write(
    [
      `polysync-language-server ${VERSION}: the Polysync language server for *.polysync.json files.`,
      '',
      'Usage: polysync-language-server --stdio      (speak LSP over standard input and output)',
      '       polysync-language-server --node-ipc   (when started by a Node-based client)',
      '',
    ].join('\n'),
  );
  process.exit(argv.includes('--help') ? 0 : 2);
}

export const host = {
  connection: createConnection(ProposedFeatures.all),
  /** Where an account may come from before the client names one (POLYTOMIC_API_KEY and friends). */
  env: process.env as Record<string, string | undefined>,
  /** The docs page each diagnostic code links to, when it ships beside the bundle. */
  docsUrl: () => shippedDocsUrl(),
  /** Lets a cancellation or a newer edit already on the wire be read before work starts. */
  yieldToEventLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
  /** Said in the start-up line of the log. */
  startupNote: () => describeCodeCache(codeCacheReport()),
};

/** The docs page beside the bundle (dist/ -> ../docs/diagnostics.md), when it is there. */
export function shippedDocsUrl(bundleDir: string = __dirname): string | undefined {
  const file = path.join(bundleDir, '..', 'docs', 'diagnostics.md');
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}
