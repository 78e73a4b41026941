// The version shown by --version and in serverInfo, and the repository's address (kept in step with
// package.json by the build).
declare const POLYSYNC_VERSION: string | undefined;
export const VERSION: string = typeof POLYSYNC_VERSION === 'string' ? POLYSYNC_VERSION : '0.0.0-dev';
declare const POLYSYNC_REPOSITORY: string | undefined;
/**
 * The project's public home (package.json "repository", without ".git"), where the docs are linked
 * from; undefined while the package names none, so no link is invented.
 */
export const REPOSITORY_URL: string | undefined = typeof POLYSYNC_REPOSITORY === 'string' && POLYSYNC_REPOSITORY ? POLYSYNC_REPOSITORY : undefined;
