// The API key lives only in VS Code's SecretStorage (the OS keychain where available), never in
// settings or files. "Set API Key" and "Sign Out" are the only ways it is written or removed.
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { checkTypedKey } from './keyCheck';

export const API_KEY_SECRET = 'polysync.apiKey';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(): Thenable<string | undefined> {
    return this.secrets.get(API_KEY_SECRET);
  }

  store(key: string): Thenable<void> {
    return this.secrets.store(API_KEY_SECRET, key);
  }

  delete(): Thenable<void> {
    return this.secrets.delete(API_KEY_SECRET);
  }
}

export async function setApiKey(ctx: PolysyncContext): Promise<void> {
  const organization = vscode.workspace.getConfiguration('polysync').get<string>('keyKind') === 'organization';
  const key = await vscode.window.showInputBox({
    title: 'Polysync: Set API Key',
    prompt: organization
      ? 'Organization-scoped Polytomic API key (polysync.keyKind is "organization"; the organization id comes from polysync.organizationId). Kept in VS Code secret storage.'
      : 'Polytomic API key (a user key; for an organization key set polysync.keyKind first). Kept in VS Code secret storage.',
    password: true,
    ignoreFocusOut: true,
    validateInput: checkTypedKey,
  });
  if (key === undefined) return;
  await ctx.apiKeys.store(key.trim());
  ctx.output.info('API key stored in secret storage.');
  void vscode.window.showInformationMessage('Polysync: API key saved in VS Code secret storage.');
}

export async function signOut(ctx: PolysyncContext): Promise<void> {
  const had = (await ctx.apiKeys.get()) !== undefined;
  await ctx.apiKeys.delete();
  ctx.output.info('API key removed from secret storage.');
  void vscode.window.showInformationMessage(had ? 'Polysync: signed out; the API key was removed.' : 'Polysync: no API key was stored.');
}
