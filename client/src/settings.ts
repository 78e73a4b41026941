// Reads the polysync.* settings the client uses. One reading of the API URL everywhere (the language
// server's credentials, Create, the terminals): the value VS Code applies in this window. polysync.apiUrl
// is machine-scoped, so a workspace or folder value is not applied; it is reported separately so the
// Create flow can ask before using it. A value set where this window cannot read it is reported by
// apiUrlNotice.ts.
import * as vscode from 'vscode';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, type KeyKind } from '../../protocol/settings';
import type { ApiKeys } from './apiKeys';
import type { UrlObservation } from './apiUrlNotice';
import type { ApiSettings } from './create/apiTarget';
import { apiUrlInSettings } from './workspaceSettings';

export function readApiSettings(scope?: vscode.Uri): ApiSettings {
  const config = vscode.workspace.getConfiguration('polysync', scope);
  const url = config.inspect<string>('apiUrl');
  const workspaceValue = url?.workspaceFolderValue ?? url?.workspaceValue;
  const keyKind = config.get<string>('keyKind') === 'organization' ? 'organization' : 'user';
  return {
    apiUrl: appliedApiUrl(),
    workspaceApiUrl: nonEmpty(workspaceValue),
    apiVersion: nonEmpty(config.get<string>('apiVersion')) ?? DEFAULT_API_VERSION,
    keyKind: keyKind satisfies KeyKind,
    organizationId: nonEmpty(config.get<string>('organizationId')),
    proxy: nonEmpty(vscode.workspace.getConfiguration('http').get<string>('proxy')),
  };
}

/**
 * The settings Create reads: those above, with the URL a workspace names read from its settings files
 * when VS Code leaves it out (it does, for a machine-scoped setting): the workspace file's `settings`,
 * then each folder's `.vscode/settings.json`, in order.
 */
export async function readCreateSettings(scope?: vscode.Uri): Promise<ApiSettings> {
  const settings = readApiSettings(scope);
  if (settings.workspaceApiUrl) return settings;
  const files: { uri: vscode.Uri; kind: 'folder' | 'workspace' }[] = [];
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, kind: 'workspace' });
  for (const folder of vscode.workspace.workspaceFolders ?? []) files.push({ uri: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'), kind: 'folder' });
  for (const { uri, kind } of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      continue;
    }
    const url = apiUrlInSettings(text, kind);
    if (url) return { ...settings, workspaceApiUrl: url };
  }
  return settings;
}

/** The key secret storage holds for an API URL (one per URL, client/src/apiKeys.ts). */
export async function keyFor(ctx: { apiKeys: ApiKeys }, url: string): Promise<string | undefined> {
  return (await ctx.apiKeys.get(url)).key;
}

/** The API URL VS Code applies in this window (the user or remote machine settings, or the default). */
export function appliedApiUrl(): string {
  return nonEmpty(vscode.workspace.getConfiguration('polysync').get<string>('apiUrl')) ?? DEFAULT_BASE_URL;
}

/** What apiUrlNotice.ts needs to tell a value this window does not read. */
export function observeApiUrl(): UrlObservation {
  const config = vscode.workspace.getConfiguration('polysync');
  return { applied: config.get<string>('apiUrl'), userValue: nonEmpty(config.inspect<string>('apiUrl')?.globalValue), remoteName: vscode.env.remoteName };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
