// Where the end-to-end tests find the editor, the browser and the extension they drive.
import * as path from 'node:path';

export const E2E_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const FIXTURES_DIR = path.join(E2E_DIR, 'fixtures');
export const ARTIFACTS_DIR = process.env.POLYSYNC_E2E_ARTIFACTS || path.join(E2E_DIR, 'artifacts');

/** code-server's own entry point, run with this Node so the version always matches. */
export const CODE_SERVER_ENTRY = path.join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.POLYSYNC_E2E_CHROMIUM || '/usr/bin/chromium';
export const NVIM = process.env.POLYSYNC_E2E_NVIM || 'nvim';
export const EMACS = process.env.POLYSYNC_E2E_EMACS || 'emacs';

/**
 * The packaged extension (`npm run package`) and the bundled language server. Overridable so that
 * the negative control (negative-control.sh) can run the suite against broken builds.
 */
export const VSIX = process.env.POLYSYNC_E2E_VSIX || path.join(REPO_ROOT, 'dist', 'polysync.vsix');
export const SERVER_JS = process.env.POLYSYNC_E2E_SERVER_JS || path.join(REPO_ROOT, 'dist', 'server.js');

/** The language name the manifest gives `polysync` files; the status bar shows it. */
export const LANGUAGE_NAME = 'Polysync Bulk Sync';
