// The commands that run a flow (Create and keeping a sync), as one record each (client/src/commandRecord.ts):
// what each needs (a document, a trusted workspace, the running server), what it says when the server
// cannot be asked, and the flow it runs. Free of VS Code: the unit tests run these very records.
import type { CommandRecord } from './commandRecord';
import { COMMANDS } from './commands';
import type { ApiSettings } from './create/apiTarget';
import { CreateFlow } from './create/flow';
import type { UrlDecisions } from './create/state';
import type { FlowEnv } from './keepSync/flowEnv';
import { importBulkSync } from './keepSync/importSync';
import { openInPolytomic } from './keepSync/openInPolytomic';
import { runNow } from './keepSync/runNow';
import { showChanges } from './keepSync/showChanges';
import { updateBulkSync } from './keepSync/update';

/** What Create needs besides the flow environment: the settings it reads and the answers it remembers. */
export interface CreateSettings {
  urlDecisions: UrlDecisions;
  /** Read when Create runs (a workspace's settings files may be read for the URL it names). */
  settings(): ApiSettings | Promise<ApiSettings>;
  /** The key stored for an API URL: Create at a URL the workspace names sends that URL's key, with it. */
  keyFor(url: string): Promise<string | undefined>;
}

/** Keeping a sync reads and changes the account, so it needs a trusted workspace; the message names the command. */
const keepTrust = (title: string) => ({ level: 'warning' as const, message: `${title} needs a trusted workspace: it reads and changes your Polytomic account.` });
const didNotAnswer = (title: string) => (reason: string) => `${title}: the Polysync language server did not answer (${reason}). See the Polysync output.`;
const linkedFile = (what: string) => `Open a linked *.polysync.json file to ${what}.`;

export function flowCommands(env: FlowEnv, createSettings: CreateSettings): CommandRecord[] {
  const create = new CreateFlow({ ui: env.ui, request: env.request, syncName: (uri) => env.states.linked(uri)?.name, ...createSettings });
  return [
    {
      id: COMMANDS.createBulkSync,
      document: 'Open a *.polysync.json file to create a bulk sync from it.',
      trust: {
        level: 'error',
        message:
          'Creating bulk syncs is turned off in an untrusted workspace, because it sends this file and your API key to the ' +
          'Polytomic API. Trust the workspace to use it. Nothing was sent.',
      },
      server: true,
      unavailable: (reason) =>
        `Could not create the bulk sync: the Polysync language server did not answer (${reason}). If it failed while sending, check Polytomic before creating again. See the Polysync output for details.`,
      run: async (doc) => {
        const outcome = await create.run(doc!);
        env.ui.log(`Create ${doc!.uri}: ${outcome.kind}${outcome.kind === 'stopped' ? ` (${outcome.reason})` : ''}`);
        return outcome;
      },
    },
    {
      id: COMMANDS.importBulkSync,
      trust: keepTrust('Import Bulk Sync'),
      server: true,
      unavailable: didNotAnswer('Import Bulk Sync'),
      run: () => importBulkSync(env),
    },
    {
      id: COMMANDS.showChanges,
      document: linkedFile('see its changes'),
      trust: keepTrust('Show Changes'),
      server: true,
      unavailable: didNotAnswer('Show Changes'),
      run: (doc) => showChanges(env, doc!),
    },
    {
      id: COMMANDS.updateBulkSync,
      document: linkedFile('update its bulk sync'),
      trust: keepTrust('Update Bulk Sync'),
      server: true,
      unavailable: didNotAnswer('Update Bulk Sync'),
      run: (doc) => updateBulkSync(env, doc!),
    },
    {
      id: COMMANDS.runBulkSync,
      document: linkedFile('run its bulk sync'),
      trust: keepTrust('Run Now'),
      server: true,
      unavailable: didNotAnswer('Run Now'),
      run: (doc) => runNow(env, doc!),
    },
    {
      // No trust needed: it only opens a page (from the state the lens shows, when there is one).
      id: COMMANDS.openInPolytomic,
      document: linkedFile('open its bulk sync in Polytomic'),
      unavailable: didNotAnswer('Open in Polytomic'),
      run: (doc) => openInPolytomic(env, doc!),
    },
  ];
}
