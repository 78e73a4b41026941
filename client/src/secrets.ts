// The API key lives only in VS Code's SecretStorage (the OS keychain where available), never in
// settings or files, one per API URL (apiKeys.ts). "Set API Key" and "Sign Out" are the only ways a key is
// written or removed; both act on the URL in use (settings.ts) and name it.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../../protocol/settings';
import { ApiKeys, normalizeApiUrl } from './apiKeys';
import type { PolysyncContext } from './context';
import { checkTypedKey } from './keyCheck';
import { appliedApiUrl } from './settings';

export function apiKeysOver(secrets: vscode.SecretStorage): ApiKeys {
  return new ApiKeys(secrets, DEFAULT_BASE_URL);
}

/** Stores a key for the API URL in use, or for `forUrl` (a URL Create was asked to use). */
export async function setApiKey(ctx: PolysyncContext, forUrl?: string): Promise<void> {
  if (forUrl !== undefined && !normalizeApiUrl(forUrl)) {
    void vscode.window.showErrorMessage(`Polysync: no API key can be set for ${forUrl}: it is not a usable API URL.`);
    return;
  }
  const url = forUrl?.trim() ?? appliedApiUrl();
  const organization = vscode.workspace.getConfiguration('polysync').get<string>('keyKind') === 'organization';
  const key = await vscode.window.showInputBox({
    title: 'Polysync: Set API Key',
    prompt: organization
      ? `Organization-scoped Polytomic API key for ${url} (polysync.keyKind is "organization"; the organization id comes from polysync.organizationId). Kept in VS Code secret storage, sent only to ${url}.`
      : `Polytomic API key for ${url} (a user key; for an organization key set polysync.keyKind first). Kept in VS Code secret storage, sent only to ${url}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: checkTypedKey,
  });
  if (key === undefined) return;
  await ctx.apiKeys.store(url, key.trim());
  ctx.output.info(`API key for ${url} stored in secret storage.`);
  void vscode.window.showInformationMessage(`Polysync: API key saved in VS Code secret storage, for ${url} only.`);
}

export async function signOut(ctx: PolysyncContext): Promise<void> {
  const url = appliedApiUrl();
  const had = await ctx.apiKeys.delete(url);
  ctx.output.info(`API key for ${url} removed from secret storage.`);
  void vscode.window.showInformationMessage(had ? `Polysync: signed out; the API key for ${url} was removed.` : `Polysync: no API key was stored for ${url}.`);
}
