#!/usr/bin/env node
// A static server for the widget demo under a strict Content-Security-Policy: no inline script,
// no eval (wasm needs only 'wasm-unsafe-eval'), no inline style. Serves the repository root, so
// the demo at /examples/widget/ imports the built package from /pkg/. HTTPS with a throwaway
// self-signed certificate (made with openssl): validateConsent refuses a form served over
// http:// (INSECURE_URL), so over plain http the demo shows the error instead of submitting.
//   node examples/widget/serve.mjs [port] [--http]   then open https://localhost:<port>/examples/widget/
// The tests and the benchmark import startServer.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day (needs the openssl CLI). */
export function selfSignedCert() {
  const dir = mkdtempSync(join(tmpdir(), 'wac-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {{ root?: string, port?: number, csp?: string|null, allow?: string[]|null, brotli?: boolean, tls?: { key: Buffer, cert: Buffer }|null, onRequest?: (path: string) => void }} [options]
 *   allow: folders (relative to root) that may be served, everything else is 404; null: all of root.
 *   brotli: send `content-encoding: br` (quality 11, as a CDN would) to clients that accept it.
 *   tls: serve https with this key and certificate (see selfSignedCert).
 */
export async function startServer({ root = resolve(dirname(fileURLToPath(import.meta.url)), '../..'), port = 0, csp = CSP, allow = ['pkg', 'examples/widget', 'tests/browser/pages'], brotli = false, tls = null, onRequest } = {}) {
  const base = resolve(root);
  const compressed = new Map();
  const handler = (req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = resolve(join(base, decodeURIComponent(url.pathname)));
    onRequest?.(url.pathname);
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const rel = path.slice(base.length + 1).split(sep).join('/');
    const allowed = (path === base || path.startsWith(base + sep)) && (!allow || allow.some((a) => rel === a || rel.startsWith(`${a}/`)));
    let stat;
    try {
      stat = allowed && statSync(path);
      if (stat && stat.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        stat = statSync((path = join(path, 'index.html')));
      }
    } catch {
      stat = null;
    }
    if (!stat || !stat.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'content-length': stat.size, 'cache-control': 'no-cache' };
    if (csp) headers['content-security-policy'] = csp;
    let body = null;
    if (brotli && /\bbr\b/.test(req.headers['accept-encoding'] ?? '')) {
      const key = `${path}:${stat.mtimeMs}`;
      if (!compressed.has(key)) compressed.set(key, brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      body = compressed.get(key);
      Object.assign(headers, { 'content-encoding': 'br', 'content-length': body.length, vary: 'accept-encoding' });
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else if (body) res.end(body);
    else createReadStream(path).pipe(res);
  };
  const server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  const url = `${tls ? 'https://localhost' : 'http://127.0.0.1'}:${server.address().port}`;
  return { server, url, close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const http = args.includes('--http');
  const port = Number(args.find((a) => /^\d+$/.test(a)) ?? 8443);
  const { url } = await startServer({ port, tls: http ? null : selfSignedCert() });
  console.log(`widget demo: ${url}/examples/widget/${http ? '' : '  (self-signed certificate: accept the browser warning)'}\nCSP: ${CSP}`);
}
