// Node answering over stdio with nothing loaded (no library, no module of ours): `initialize` with empty
// capabilities, `shutdown` with null, and `exit` by exiting. The benchmark reads its CPU time at the
// initialize answer beside our server's, so that Node's own start is subtracted from the same kind of
// process (stdin and stdout set up, one message read and one written). CPU time is what the start-up can
// be judged by when the shared machine is busy: wall times then mostly measure waiting for a core.
//
// Given POLYSYNC_BENCH_REPORT (a diagnostics report as JSON), it also answers every
// textDocument/diagnostic with that report and nothing else: the benchmark's framed echo, two
// processes exchanging the same messages as a round trip with none of a server's work.
const report = process.env.POLYSYNC_BENCH_REPORT ? JSON.parse(process.env.POLYSYNC_BENCH_REPORT) : null;
let received = Buffer.alloc(0);
process.stdin.on('data', (chunk) => {
  received = Buffer.concat([received, chunk]);
  for (;;) {
    const headerEnd = received.indexOf('\r\n\r\n');
    const length = headerEnd < 0 ? NaN : Number(/Content-Length: (\d+)/i.exec(received.subarray(0, headerEnd).toString())?.[1]);
    if (!(headerEnd + 4 + length <= received.length)) return;
    const message = JSON.parse(received.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
    received = received.subarray(headerEnd + 4 + length);
    if (message.method === 'exit') process.exit(0);
    if (message.id === undefined) continue;
    const result = message.method === 'initialize' ? { capabilities: {} } : message.method === 'textDocument/diagnostic' ? report : null;
    const body = JSON.stringify({ jsonrpc: '2.0', id: message.id, result });
    process.stdout.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
});
