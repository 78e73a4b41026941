// Questions on the process's terminal.
import { createInterface } from 'node:readline';

/** A question on the process's terminal, when standard input and error are one. */
export function terminalAsk(): ((question: string) => Promise<string | undefined>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      rl.question(question, (answer) => {
        rl.close();
        resolve(answer);
      });
      rl.once('close', () => resolve(undefined));
    });
}

