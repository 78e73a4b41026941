// The web builds' HTTP transport (in place of send.ts, by esbuild.mjs): fetch, as a browser worker has.
export { sendFetch as send } from './fetchTransport';
