#!/usr/bin/env node
// Serves the built web app (build/web) on 127.0.0.1 with the strict Content-Security-Policy
// the app is written for, and prints its URL.
//
//   node web/serve.mjs [--port 8080] [--root DIR]
//
// --port 0 picks a free port (the tests do this and read the URL from stdout).
// Only GET and HEAD; nothing outside the root is ever served.
import { createServer } from "node:http";
import { createReadStream, statSync } from "node:fs";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

// The policy the app must work under (the <meta> in index.html repeats it minus
// frame-ancestors, which a <meta> cannot carry).
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

function usage(message) {
  console.error(`web/serve.mjs: ${message}\nusage: node web/serve.mjs [--port 8080] [--root DIR]`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { port: 8080, root: join(repo, "build/web") };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [key, inline] = arg.includes("=") ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`${key} needs a value`);
    if (key === "--port") {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) usage(`bad port "${v}"`);
      opts.port = Number(v);
    } else if (key === "--root") {
      opts.root = resolve(value());
    } else if (key === "-h" || key === "--help") {
      console.log("usage: node web/serve.mjs [--port 8080] [--root DIR]");
      process.exit(0);
    } else {
      usage(`unknown argument "${arg}"`);
    }
  }
  return opts;
}

function send(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function serve({ port, root }) {
  const server = createServer((req, res) => {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cache-Control", "no-cache");
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("Allow", "GET, HEAD");
      return send(res, 405, "method not allowed\n");
    }
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      return send(res, 400, "bad request\n");
    }
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, "forbidden\n");
    let stat;
    try {
      stat = statSync(file);
      if (stat.isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { Location: `${path}/` });
          return res.end();
        }
        file = join(file, "index.html");
        stat = statSync(file);
      }
    } catch {
      return send(res, 404, "not found\n");
    }
    if (!stat.isFile()) return send(res, 404, "not found\n");
    res.writeHead(200, {
      "Content-Type": MIME[extname(file).toLowerCase()] || "application/octet-stream",
      "Content-Length": stat.size,
    });
    if (req.method === "HEAD") return res.end();
    createReadStream(file).on("error", () => res.destroy()).pipe(res);
  });
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolveListen(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  try {
    statSync(join(opts.root, "index.html"));
  } catch {
    usage(`${opts.root}/index.html not found; build the app first: node web/build.mjs`);
  }
  serve(opts).then((server) => {
    const { port } = server.address();
    console.log(`Anshin is being served at http://127.0.0.1:${port}/  (Ctrl+C stops it)`);
    const stop = () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();  // keep-alive connections would otherwise hold it open
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  }, (e) => {
    usage(e.code === "EADDRINUSE" ? `port ${opts.port} is in use; pick another with --port` : e.message);
  });
}
