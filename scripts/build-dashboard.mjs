#!/usr/bin/env node
// Bundles the dashboard (dashboard/main.tsx and the CSS it imports) into dist/dashboard-bundle/:
// app.js, app.css, index.html, each with its gzip and brotli copies, which the node serves as
// they are (api/dashboard-routes.ts). Everything comes from our package: no request leaves the
// node. Fails when the compressed assets weigh more than the budget of issue 14 (300 KB).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'dashboard-bundle');
// Built aside, then put in place at once: a node starting meanwhile reads a whole bundle.
const out = `${target}.${process.pid}`;
const BUDGET_BYTES = 300 * 1024;
const quiet = process.argv.includes('--quiet');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(root, 'dashboard', 'main.tsx') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: out,
  legalComments: 'none',
  logLevel: 'warning',
});
writeFileSync(join(out, 'index.html'), readFileSync(join(root, 'dashboard', 'index.html')));

let compressed = 0;
const sizes = [];
for (const name of ['app.js', 'app.css', 'index.html']) {
  const body = readFileSync(join(out, name));
  const brotli = brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(join(out, `${name}.br`), brotli);
  writeFileSync(join(out, `${name}.gz`), gzipSync(body, { level: 9 }));
  compressed += brotli.length;
  sizes.push(`${name} ${(body.length / 1024).toFixed(1)} KB (${(brotli.length / 1024).toFixed(1)} KB br)`);
}
rmSync(target, { recursive: true, force: true });
renameSync(out, target);
if (!quiet) process.stderr.write(`dashboard: ${sizes.join(', ')}\n`);
if (compressed > BUDGET_BYTES) {
  process.stderr.write(`dashboard: the compressed assets weigh ${compressed} bytes, over the budget of ${BUDGET_BYTES}\n`);
  process.exit(1);
}
