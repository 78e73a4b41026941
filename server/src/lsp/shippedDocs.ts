// Where the diagnostics' docs page ships on Node: beside the bundle (dist/ -> ../docs/diagnostics.md), in the
// VS Code package and the npm package, so each code's link works offline. Only the Node entry (main.ts)
// asks; a web worker has no disk to look on.
import { existsSync } from 'node:fs';
// Named imports: esbuild copies every property of a module imported whole (`import * as path`) on every start.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The docs page beside the bundle, when it is there. */
export function shippedDocsUrl(bundleDir: string = __dirname): string | undefined {
  const file = join(bundleDir, '..', 'docs', 'diagnostics.md');
  return existsSync(file) ? pathToFileURL(file).href : undefined;
}
