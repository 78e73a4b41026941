// The `polysync` launcher put on the integrated terminals' PATH: a small script that runs the bundled CLI
// (dist/cli.js) with the editor's own Node (the extension host's executable; Electron runs as Node with
// ELECTRON_RUN_AS_NODE), so the terminals need no Node or npm install of their own. Free of VS Code.
import type { Credentials } from '../../protocol/settings';
import type { AccountDecision } from './create/workspaceAccount';

/** The launcher's files, by name, for the platform: a shell script, or a .cmd on Windows. */
export function launcherFiles(platform: string, nodePath: string, cliPath: string): Record<string, string> {
  if (platform === 'win32') {
    return { 'polysync.cmd': `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${nodePath}" "${cliPath}" %*\r\n` };
  }
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return { polysync: `#!/bin/sh\n# Runs the Polysync CLI bundled with the VS Code extension.\nELECTRON_RUN_AS_NODE=1 exec ${quote(nodePath)} ${quote(cliPath)} "$@"\n` };
}

/**
 * The account the terminals' CLI gets, by the decision the workspace's requests follow
 * (create/workspaceAccount.ts): where the user agreed to the API URL the workspace names, that URL with the
 * key stored for it, or that URL alone when no key is stored for it or the workspace is not trusted (never
 * another URL's key); otherwise `own`, the URL in use with its key, as before.
 */
export function terminalCredentials(decision: AccountDecision, own: Credentials): Credentials {
  if (decision.ok) return decision.account ?? own;
  if (decision.reason === 'no-key' || decision.reason === 'untrusted') return decision.keyless;
  return own;
}

/** The environment the terminals get besides PATH: the URL always, the key only when one is set for it. */
export function terminalVariables(credentials: { apiUrl?: string; apiKey?: string; keyKind?: string; organizationId?: string }): Record<string, string | undefined> {
  const organization = credentials.keyKind === 'organization';
  return {
    POLYTOMIC_API_URL: credentials.apiUrl,
    POLYTOMIC_API_KEY: credentials.apiKey,
    POLYTOMIC_ORGANIZATION_ID: organization ? credentials.organizationId : undefined,
  };
}
