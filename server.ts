// One Node process: the data-plane fast path first, Next.js (custom-server mode) for everything else.
// The data-plane paths (/api/v1/usage, /api/v1/quota, /api/v1/quota/check) are served by
// framework-free handlers over lib/ (lib/dataplane) before Next sees the request: a bare Next route
// handler costs ~20× what a plain Node handler does on these machines. The control plane, server
// actions, pages and webhooks stay in Next. See docs/dataplane.md.
import http from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { handleDataPlane, createDataPlaneServer } from "./lib/dataplane/node";
import { literalIfMalformed } from "./lib/http/url";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const root = path.dirname(fileURLToPath(import.meta.url));

async function listen(server: http.Server, port: number, hostname: string): Promise<RunningServer> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  // The bound port, so `port: 0` (any free port) reports the one the system picked.
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}

export async function startServer(opts: { port: number; hostname?: string; dev?: boolean }): Promise<RunningServer> {
  const hostname = opts.hostname ?? "0.0.0.0";
  const app = next({ dev: !!opts.dev, dir: root, hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    if (handleDataPlane(req, res)) return;
    const url = req.url ?? "/";
    const literal = literalIfMalformed(url);
    if (literal !== url) {
      // Redirected, not just rewritten: the browser's own router would fail on the malformed address.
      if (req.method === "GET" || req.method === "HEAD") {
        req.resume();
        res.writeHead(308, { location: literal, "content-length": "0" }).end();
        return;
      }
      req.url = literal;
    }
    void handle(req, res);
  });
  return listen(server, opts.port, hostname);
}

/**
 * The data plane alone, without Next: for deployments that scale it apart from the dashboard (see
 * docs/dataplane.md). The caller also runs lib/dataplane/lifecycle's startDataPlane.
 */
export async function startDataPlaneServer(opts: { port: number; hostname?: string }): Promise<RunningServer> {
  return listen(createDataPlaneServer(), opts.port, opts.hostname ?? "0.0.0.0");
}
