// The raw deflate that base.ts compresses bases with, on its own so that base.ts can load it on first
// use: fflate builds its Huffman tables and looks for worker_threads as it loads, a few milliseconds the
// language server's start would pay for a base it may never read. Imported here as an ES module so that
// esbuild keeps only these two functions of fflate (the web worker's bundle has a size budget).
export { deflateSync, inflateSync } from 'fflate';
