// Lines the suite prints for the person running it (the runner shows these and keeps the rest of
// the host's console in its artifacts).
export const REPORT_PREFIX = '[polysync-exthost] ';

export function report(line: string): void {
  console.log(`${REPORT_PREFIX}${line}`);
}
