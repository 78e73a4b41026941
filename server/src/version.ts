// The version shown by --version and in serverInfo (kept in step with package.json by the build).
declare const POLYSYNC_VERSION: string | undefined;
export const VERSION: string = typeof POLYSYNC_VERSION === 'string' ? POLYSYNC_VERSION : '0.0.0-dev';
