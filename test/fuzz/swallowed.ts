// Every feature of the service catches its own errors and answers with an empty result, which keeps
// the editor working but would also hide a crash from a property test. This watcher uses the
// in-process inspector to see exceptions at the moment they are thrown, caught or not, and keeps
// those raised inside the server's own sources.
import { Session } from 'node:inspector';
import * as path from 'node:path';

const SOURCES = `${path.resolve(__dirname, '..', '..', 'server', 'src')}${path.sep}`;

export interface Thrown {
  description: string;
  where: string;
}

interface PausedEvent {
  params: {
    reason: string;
    data?: { description?: string; className?: string };
    callFrames: { functionName: string; url: string; location: { lineNumber: number; columnNumber: number } }[];
  };
}

/** Errors the service throws on purpose for control flow, not bugs. */
const EXPECTED = new Set(['CancelledValidation']);

let session: Session | undefined;
const recorded: Thrown[] = [];

function fileOf(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

function fromServer(url: string): boolean {
  return fileOf(url).startsWith(SOURCES);
}

/** Starts watching (once per process). */
export function watchThrownExceptions(): void {
  if (session) return;
  session = new Session();
  session.connect();
  session.on('Debugger.paused', (message: PausedEvent) => {
    const { reason, data, callFrames } = message.params;
    try {
      const top = callFrames[0];
      if ((reason === 'exception' || reason === 'promiseRejection') && top && fromServer(top.url) && !EXPECTED.has(data?.className ?? '')) {
        const where = callFrames
          .filter((f) => fromServer(f.url))
          .slice(0, 4)
          .map((f) => `${f.functionName || '(anonymous)'} ${path.relative(SOURCES, fileOf(f.url))}:${f.location.lineNumber + 1}`)
          .join(' < ');
        recorded.push({ description: (data?.description ?? 'exception').split('\n')[0], where });
      }
    } finally {
      session?.post('Debugger.resume');
    }
  });
  session.post('Debugger.enable');
  session.post('Debugger.setPauseOnExceptions', { state: 'all' });
}

/** The exceptions raised in server/src since the last call, oldest first. */
export function takeThrownExceptions(): Thrown[] {
  return recorded.splice(0, recorded.length);
}
