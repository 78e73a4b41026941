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

interface CallFrame {
  functionName: string;
  url: string;
  location: { scriptId: string; lineNumber: number; columnNumber: number };
}

interface PausedEvent {
  params: { reason: string; data?: { description?: string; className?: string }; callFrames: CallFrame[] };
}

/** Errors the service throws on purpose for control flow, not bugs. */
const EXPECTED = new Set(['CancelledValidation']);
/** The fast parser gives up on unusual text by throwing (its own marker, or JSON.parse's error), caught at its entry point. */
const GIVES_UP = path.join(SOURCES, 'service', 'document', 'fastParse.ts');

let session: Session | undefined;
const recorded: Thrown[] = [];
/** Call frames name their script by id (their url is empty for code loaded through tsx). */
const scripts = new Map<string, string>();

function fileOf(frame: CallFrame): string {
  const url = scripts.get(frame.location.scriptId) || frame.url;
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

const isLibrary = (file: string) => file === '' || file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}`);

/** Starts watching (once per process). */
export function watchThrownExceptions(): void {
  if (session) return;
  session = new Session();
  session.connect();
  session.on('Debugger.scriptParsed', (message: { params: { scriptId: string; url: string } }) => {
    scripts.set(message.params.scriptId, message.params.url);
  });
  session.on('Debugger.paused', (message: PausedEvent) => {
    const { reason, data, callFrames } = message.params;
    try {
      if (reason !== 'exception' && reason !== 'promiseRejection') return;
      // Thrown by the server's code, or by a library it called: the first frame outside libraries is the server's.
      const files = callFrames.map(fileOf);
      const first = files.find((file) => !isLibrary(file));
      if (!first?.startsWith(SOURCES)) return;
      if (EXPECTED.has(data?.className ?? '') || first === GIVES_UP) return;
      const where = callFrames
        .map((frame, i) => ({ frame, file: files[i] }))
        .filter(({ file }) => file.startsWith(SOURCES) || !isLibrary(file))
        .slice(0, 4)
        .map(({ frame, file }) => `${frame.functionName || '(anonymous)'} ${path.relative(path.dirname(SOURCES), file)}`)
        .join(' < ');
      recorded.push({ description: (data?.description ?? 'exception').split('\n')[0], where });
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
