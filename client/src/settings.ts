// Reads the polysync.* settings a Create uses. `polysync.apiUrl` is machine-scoped: the value
// applied is the user one (or the default); a workspace or folder value is reported separately so
// the Create flow can ask before using it.
import * as vscode from 'vscode';
import { DEFAULT_API_VERSION, DEFAULT_BASE_URL, type KeyKind } from '../../protocol/settings';
import type { ApiSettings } from './create/apiTarget';

export function readApiSettings(scope?: vscode.Uri): ApiSettings {
  const config = vscode.workspace.getConfiguration('polysync', scope);
  const url = config.inspect<string>('apiUrl');
  const workspaceValue = url?.workspaceFolderValue ?? url?.workspaceValue;
  const keyKind = config.get<string>('keyKind') === 'organization' ? 'organization' : 'user';
  return {
    apiUrl: nonEmpty(url?.globalValue) ?? nonEmpty(url?.defaultValue) ?? DEFAULT_BASE_URL,
    workspaceApiUrl: nonEmpty(workspaceValue),
    apiVersion: nonEmpty(config.get<string>('apiVersion')) ?? DEFAULT_API_VERSION,
    keyKind: keyKind satisfies KeyKind,
    organizationId: nonEmpty(config.get<string>('organizationId')),
    proxy: nonEmpty(vscode.workspace.getConfiguration('http').get<string>('proxy')),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
