/**
 * The REST API's OpenAPI document and its Swagger UI (docs/rest.md):
 * - GET /api/openapi.json: the document (openapi.ts);
 * - GET /api/docs/: our page, loading Swagger UI's bundle and stylesheet from /api/docs/ and
 *   starting it with init.js, also ours; /api/docs redirects there so that the page's relative
 *   URLs resolve under /api/docs/ (and under any prefix a proxy adds).
 * Swagger UI comes from the swagger-ui-dist package directory, a fixed list of its files: the
 * page asks nothing of any other host, and no request path reaches the file system.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sendJson, type Route } from '../../http/http-server.js';
import type { OpenApiDocument } from './openapi.js';

const DOCS = '/api/docs';

const JS = 'text/javascript; charset=utf-8';

/** The swagger-ui-dist files the page loads, and their types. */
const packageFiles: ReadonlyMap<string, string> = new Map([
  ['swagger-ui-bundle.js', JS],
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['index.css', 'text/css; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]);

/**
 * Everything is same-origin (the page is offline by construction; this makes the browser hold
 * it to that). Swagger UI writes inline styles and data: images, never inline scripts.
 */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// Relative to /api/docs/: the document is /api/openapi.json. No validatorUrl: Swagger UI would
// send the document to validator.swagger.io.
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '../openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function indexPage(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="swagger-ui.css">
<link rel="stylesheet" href="index.css">
<link rel="icon" type="image/png" href="favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="swagger-ui-bundle.js"></script>
<script src="init.js"></script>
</body>
</html>
`;
}

interface Asset {
  readonly type: string;
  readonly etag: string;
  /** Ours change with the node (revalidated each time); the package's with its version. */
  readonly cacheControl: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Answers 304 when the client holds this version, else the body (read only then). */
async function sendAsset(request: IncomingMessage, response: ServerResponse, asset: Asset, body: () => Buffer | Promise<Buffer>): Promise<void> {
  const headers = { 'Content-Type': asset.type, ETag: asset.etag, 'Cache-Control': asset.cacheControl, 'X-Content-Type-Options': 'nosniff', ...asset.headers };
  if (request.headers['if-none-match'] === asset.etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  const content = await body();
  response.writeHead(200, { ...headers, 'Content-Length': content.length });
  response.end(content);
}

function ownAsset(type: string, text: string, headers?: Record<string, string>): { asset: Asset; body: Buffer } {
  const body = Buffer.from(text);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { asset: { type, etag, cacheControl: 'private, no-cache', ...(headers === undefined ? {} : { headers }) }, body };
}

/**
 * The routes of the OpenAPI document and Swagger UI. The document, and the pages made from it,
 * are built at the first request that needs them: a node starting does not pay for them.
 */
export function docsRoutes(document: () => OpenApiDocument): Route[] {
  const packageJson = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
  const packageDir = dirname(packageJson);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  let pages: { readonly openapi: ReturnType<typeof ownAsset>; readonly index: ReturnType<typeof ownAsset> } | undefined;
  const built = (): NonNullable<typeof pages> => {
    if (pages === undefined) {
      const made = document();
      pages = {
        openapi: ownAsset('application/json', JSON.stringify(made)),
        index: ownAsset('text/html; charset=utf-8', indexPage(made.info.title), { 'Content-Security-Policy': PAGE_POLICY }),
      };
    }
    return pages;
  };
  const init = ownAsset(JS, INIT_JS);

  return [
    {
      method: 'GET',
      path: '/api/openapi.json',
      handle: (request, response) => {
        const { openapi } = built();
        return sendAsset(request, response, openapi.asset, () => openapi.body);
      },
    },
    {
      method: 'GET',
      path: DOCS,
      handle: (request, response) => {
        const { search } = new URL(request.url ?? '/', 'http://localhost');
        // Relative, so that it holds behind a proxy adding a prefix.
        response.writeHead(301, { Location: `docs/${search}`, 'Content-Length': 0 });
        response.end();
      },
    },
    {
      method: 'GET',
      path: `${DOCS}/*`,
      handle: (request, response) => {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname;
        const name = path.slice(DOCS.length + 1);
        if (name === '') {
          const { index } = built();
          return sendAsset(request, response, index.asset, () => index.body);
        }
        if (name === 'init.js') return sendAsset(request, response, init.asset, () => init.body);
        const type = packageFiles.get(name);
        if (type === undefined) return sendJson(response, 404, { message: `no such page: ${path}` });
        const asset = { type, etag: `"swagger-ui-dist-${version}-${name}"`, cacheControl: 'private, max-age=86400' };
        return sendAsset(request, response, asset, () => readFile(join(packageDir, name)));
      },
    },
  ];
}
