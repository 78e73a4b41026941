// The HTTP transport the API client uses: node:http here. The web builds (esbuild.mjs) put send.web.ts
// in this module's place, so the Node transport and its node: modules never enter a browser bundle.
export { sendHttp as send } from './transport';
