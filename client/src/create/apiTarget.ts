// Decides which API URL a Create may send the key to; the answer it records also decides where the
// workspace's syncs are read and changed afterwards (workspaceAccount.ts). `polysync.apiUrl` is
// machine-scoped, so VS Code ignores workspace values; a workspace that names another URL is only used
// if the user says so, and a non-loopback http URL is never used at all.
import { checkBaseUrl, type Credentials, DEFAULT_BASE_URL, type KeyKind, sameBaseUrl } from '../../../protocol/settings';
import type { UrlDecisions } from './state';
import type { Ui } from '../ui';

export type { KeyKind };

/** The polysync.* settings a Create reads. */
export interface ApiSettings {
  /** The value VS Code applies: the user (machine) setting or the default. */
  apiUrl: string;
  /** A workspace or folder value of polysync.apiUrl, which VS Code ignores for this setting. */
  workspaceApiUrl?: string;
  apiVersion: string;
  keyKind: KeyKind;
  organizationId?: string;
  /** VS Code's `http.proxy`, used for the API as for the editor's own requests. */
  proxy?: string;
}

/**
 * The credentials the language server uses, from the settings and the key in secret storage. The URL is
 * the user (machine) setting only: a workspace cannot send the key somewhere else.
 */
export function credentialsFor(settings: ApiSettings, apiKey: string | undefined): Credentials {
  return {
    ...(settings.proxy ? { proxy: settings.proxy } : {}),
    apiUrl: settings.apiUrl,
    apiKey: apiKey?.trim() || undefined,
    keyKind: settings.keyKind,
    organizationId: settings.organizationId,
    apiVersion: settings.apiVersion,
  };
}

export type UrlResult =
  | { ok: true; url: string }
  | { ok: false; declined?: false; message: string; openSettings: boolean }
  /** The user dismissed the question. */
  | { ok: false; declined: true };

export async function chooseApiUrl(settings: ApiSettings, ui: Ui, decisions: UrlDecisions): Promise<UrlResult> {
  const userUrl = settings.apiUrl.trim() || DEFAULT_BASE_URL;
  const userCheck = checkBaseUrl(userUrl);
  if (!userCheck.ok) {
    return { ok: false, message: `The polysync.apiUrl setting (${userUrl}) cannot be used: ${userCheck.reason} Nothing was sent.`, openSettings: true };
  }
  const workspaceUrl = settings.workspaceApiUrl?.trim();
  if (!workspaceUrl || sameBaseUrl(workspaceUrl, userUrl)) return { ok: true, url: userUrl };

  const workspaceCheck = checkBaseUrl(workspaceUrl);
  if (!workspaceCheck.ok) {
    return {
      ok: false,
      message:
        `This workspace's settings set polysync.apiUrl to ${workspaceUrl}, which is refused: ${workspaceCheck.reason} ` +
        'Nothing was sent. Remove polysync.apiUrl from the workspace settings.',
      openSettings: false,
    };
  }
  const remembered = decisions.get(workspaceUrl);
  if (remembered) return { ok: true, url: remembered === 'workspace' ? workspaceUrl : userUrl };

  const useWorkspace = `Use ${workspaceUrl}`;
  const useUser = `Use ${userUrl}`;
  // The answer is the workspace's, not this Create's: its syncs are read, updated and run where they were created.
  const choice = await ui.ask(
    `This workspace keeps its bulk syncs at ${workspaceUrl}. Use that API URL for this workspace's syncs, sending this file and your API key there?`,
    `polysync.apiUrl is a machine setting, so the workspace value is ignored and ${userUrl} (from your user settings or the default) is used. ` +
      `Your answer is remembered for this workspace and this URL, and covers its syncs, not only this Create: with "${useWorkspace}", the code lens, ` +
      `Show Changes, Update Bulk Sync, Run Now and Import Bulk Sync in this workspace also go to ${workspaceUrl}, with the key stored for that URL. ` +
      'Only use the workspace URL if you trust this workspace and that server.',
    [useWorkspace, useUser],
  );
  if (choice === useWorkspace) {
    await decisions.set(workspaceUrl, 'workspace');
    return { ok: true, url: workspaceUrl };
  }
  if (choice === useUser) {
    await decisions.set(workspaceUrl, 'user');
    return { ok: true, url: userUrl };
  }
  return { ok: false, declined: true };
}
