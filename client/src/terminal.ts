// The bundled CLI in VS Code's integrated terminals: a folder holding a `polysync` launcher
// (terminalLauncher.ts), written to the extension's global storage at each activation (the extension's
// folder changes with its version), prepended to PATH; POLYTOMIC_API_URL is the URL in use and, in a
// trusted workspace, POLYTOMIC_API_KEY the key set for that URL. Where the workspace's syncs are at the URL
// it names (the user agreed to it), that URL and the key stored for it instead (terminalCredentials), so
// the CLI there reads the same account as the editor; without that key, the URL alone. The collection is not persistent, so
// VS Code never stores it (the key is never written to disk); terminals opened before a change get it
// when they are opened again (VS Code marks them as stale). Sign Out or another key changes it at once.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PolysyncContext } from './context';
import { credentialsFor } from './create/apiTarget';
import { readApiSettings } from './settings';
import { launcherFiles, terminalCredentials, terminalVariables } from './terminalLauncher';

export function registerTerminalEnvironment(ctx: PolysyncContext): void {
  const collection = ctx.extension.environmentVariableCollection;
  collection.persistent = false;
  collection.description = 'Polysync: the bundled `polysync` CLI on PATH, with the Polytomic API URL and key the extension uses';
  try {
    const bin = path.join(ctx.extension.globalStorageUri.fsPath, 'bin');
    mkdirSync(bin, { recursive: true });
    const cli = path.join(ctx.extension.extensionPath, 'dist', 'cli.js');
    for (const [name, text] of Object.entries(launcherFiles(process.platform, process.execPath, cli))) {
      writeFileSync(path.join(bin, name), text);
      chmodSync(path.join(bin, name), 0o755);
    }
    collection.prepend('PATH', `${bin}${path.delimiter}`);
  } catch (error) {
    ctx.output.warn(`The polysync command could not be put in the terminals: ${error instanceof Error ? error.message : String(error)}`);
  }
  let updating = Promise.resolve();
  const update = () => {
    updating = updating.then(async () => {
      const settings = readApiSettings();
      // An untrusted workspace's terminals may run its scripts: they get the URL, not the key.
      const key = vscode.workspace.isTrusted ? (await ctx.apiKeys.get(settings.apiUrl)).key : undefined;
      const credentials = terminalCredentials(await ctx.workspaceAccount.decide(), credentialsFor(settings, key));
      for (const [name, value] of Object.entries({ ...terminalVariables(credentials), POLYTOMIC_API_VERSION: settings.apiVersion })) {
        if (value) collection.replace(name, value);
        else collection.delete(name);
      }
    }).catch((error: unknown) => ctx.output.warn(`The terminals' Polytomic settings could not be updated: ${error instanceof Error ? error.message : String(error)}`));
  };
  update();
  ctx.extension.subscriptions.push(
    ctx.extension.secrets.onDidChange(update),
    vscode.workspace.onDidGrantWorkspaceTrust(update),
    // The answer about the workspace's URL recorded (or anything else the decision reads changed).
    ctx.workspaceAccount.onDidChange(update),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('polysync')) update();
    }),
  );
}
