// The ids of Polysync's commands and of the VS Code commands it runs, and the documents it serves: one
// copy for every part of the client.
export const COMMANDS = {
  createBulkSync: 'polysync.createBulkSync',
  importBulkSync: 'polysync.importBulkSync',
  showChanges: 'polysync.showChanges',
  updateBulkSync: 'polysync.updateBulkSync',
  runBulkSync: 'polysync.runBulkSync',
  openInPolytomic: 'polysync.openInPolytomic',
  setApiKey: 'polysync.setApiKey',
  signOut: 'polysync.signOut',
  refreshAccount: 'polysync.refreshAccount',
  restartServer: 'polysync.restartServer',
  showOutput: 'polysync.showOutput',
  showProblems: 'workbench.actions.view.problems',
  openSettings: 'workbench.action.openSettings',
  manageTrust: 'workbench.trust.manage',
} as const;

/** The live side of Show Changes: the sync as Polytomic holds it, read-only (client/src/keepSync/liveDocuments.ts). */
export const LIVE_SCHEME = 'polysync-live';

/** Polysync documents: the language, and *.polysync.json files whatever language they are shown in. */
export const DOCUMENT_SELECTOR = [
  { language: 'polysync' },
  { scheme: 'file', pattern: '**/*.polysync.json' },
  { scheme: 'untitled', language: 'polysync' },
];
