// A language server that does nothing but answer `initialize`, built on vscode-languageserver as ours is:
// the benchmark starts it beside ours to show how much of a start is the library and Node's modules it
// loads (net, crypto, child_process), and how much is Polysync's own.
const { createConnection, ProposedFeatures } = require('vscode-languageserver/node');

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: {} }));
connection.listen();
