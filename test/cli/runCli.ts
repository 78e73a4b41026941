// Runs the bundled CLI (dist/cli.js) in a child process for the CLI tests. Async, not spawnSync: the
// sandbox API runs in the test's own process and must keep answering while the CLI waits on it.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `polysync ARGS` with this process's environment minus any POLYTOMIC_* variable, plus `env`. Fails
 * when the CLI runs longer than 20 s, or when any of `secrets` appears in what it printed.
 */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd: string, secrets: string[] = []): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('POLYTOMIC_')) childEnv[name] = value;
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`polysync ${args.join(' ')} did not finish within 20 s`));
    }, 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      for (const secret of secrets) {
        if (secret && (stdout.includes(secret) || stderr.includes(secret))) {
          reject(new Error(`the API key leaked into the output of polysync ${args.join(' ')}:\n${stdout}\n${stderr}`));
          return;
        }
      }
      resolve({ code, stdout, stderr });
    });
  });
}
