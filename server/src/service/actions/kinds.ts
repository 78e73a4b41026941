// The code action kinds Polysync offers, in a module of their own: the launcher's early `initialize`
// answer (server/src/lsp/capabilities.ts) names them without loading the engine.

/** "Fix all" for Polysync's own problems (source actions on save, the Fix All command). */
export const FIX_ALL_KIND = 'source.fixAll.polysync';
/** LSP's quick fix kind (CodeActionKind.QuickFix), written out so this file loads no library. */
export const QUICK_FIX_KIND = 'quickfix';
