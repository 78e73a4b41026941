// Questions on the process's terminal.
import { createInterface } from 'node:readline';

/**
 * A question on the process's terminal, when standard input and error are one. It answers what was
 * typed; Ctrl+C or Ctrl+D before an answer count as an empty answer (a terminal was there, nobody
 * said yes).
 */
export function terminalAsk(): ((question: string) => Promise<string | undefined>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // Settle before closing: close() emits 'close' at once, and its handler must not decide the
      // answer to a question that was answered.
      const settle = (answer: string): void => {
        resolve(answer);
        rl.close();
      };
      rl.question(question, settle);
      // Without a listener readline only pauses on Ctrl+C, and the question would wait forever.
      rl.once('SIGINT', () => {
        process.stderr.write('\n');
        settle('');
      });
      rl.once('close', () => resolve(''));
    });
}
