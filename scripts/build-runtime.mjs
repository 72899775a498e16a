#!/usr/bin/env node
// Bundles the runtime of a node (bin/supvisorsd.ts and what it imports) into one file,
// dist/bin/supvisorsd.js, in place of tsc's output of that file: a node then starts by reading
// one file instead of about 490 modules (Node's module loader costs about half a millisecond a
// module, some 250 ms of CPU at every start, paid by every node at once when a cluster starts
// on shared cores). The rest of dist/ stays as tsc wrote it: the tests, the client,
// supvisorsctl, and the statistics worker's task module, which piscina loads by its path.
// The modules that resolve URLs from import.meta.url (api/, cli/, stats-worker/) sit one folder
// below dist/, as bin/ does: their relative URLs resolve the same from the bundle.
// Left out: what loads only when needed or from its own folder (zeromq, with its addon, for
// event_link = ZMQ; systeminformation, at the first host inventory; piscina, which starts its
// worker threads from its own files) and the optional addons of ws and msgpackr.
import { build } from 'esbuild';
import { chmodSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'bin', 'supvisorsd.js');

const result = await build({
  entryPoints: [join(root, 'bin', 'supvisorsd.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: target,
  sourcemap: true,
  // Whitespace and comments out, names kept (stack traces still name their functions): V8 keeps
  // the source of every script for the life of the node, and one non-Latin-1 character in a
  // dependency's comment made it a two-byte string (2.6 MB for 1.3 MB of text).
  minifyWhitespace: true,
  minifySyntax: true,
  write: false,
  external: ['zeromq', 'systeminformation', 'piscina', 'bufferutil', 'utf-8-validate', 'msgpackr-extract'],
  // the CommonJS packages bundled (xmlrpc, sax, ws...) call require() for Node's own modules
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
// Written aside, then put in place at once: a node starting meanwhile reads a whole file.
const mode = statSync(target).mode;
for (const file of result.outputFiles) {
  const aside = `${file.path}.${process.pid}`;
  writeFileSync(aside, file.contents);
  chmodSync(aside, mode);
  renameSync(aside, file.path);
}
