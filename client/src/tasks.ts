// "Polysync: check the workspace" as a task: Run Task runs the bundled CLI over each workspace folder,
// and the $polysync problem matcher (package.json) puts what it finds in the Problems view, for
// files that are not open too.
import * as vscode from 'vscode';

export const TASK_TYPE = 'polysync';

function checkTask(extension: vscode.ExtensionContext, folder: vscode.WorkspaceFolder): vscode.Task {
  const cli = vscode.Uri.joinPath(extension.extensionUri, 'dist', 'cli.js').fsPath;
  // The extension host's executable is Node, or Electron, which runs as Node with this variable.
  // The task's terminal is a terminal, where check colours by default; the problem matcher reads plain lines.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, 'check', '--format', 'text', '--no-color'], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  const task = new vscode.Task({ type: TASK_TYPE, command: 'check' }, folder, 'check', 'polysync', execution, '$polysync');
  task.group = vscode.TaskGroup.Build;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
  return task;
}

export function registerTasks(extension: vscode.ExtensionContext): void {
  extension.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => checkTask(extension, folder)),
      resolveTask: (task) => {
        const folder = task.scope;
        if (task.definition.command !== 'check' || folder === undefined || typeof folder === 'number') return undefined;
        const resolved = checkTask(extension, folder);
        return new vscode.Task(task.definition, folder, task.name, task.source, resolved.execution, '$polysync');
      },
    }),
  );
}
