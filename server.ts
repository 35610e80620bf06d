// One Node process: Next.js in custom-server mode. The data-plane fast path (framework-free handlers
// over lib/) is mounted here, before Next sees the request, when the data-plane issue lands.
import http from "node:http";
import next from "next";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const root = path.dirname(fileURLToPath(import.meta.url));

export async function startServer(opts: { port: number; hostname?: string; dev?: boolean }): Promise<RunningServer> {
  const hostname = opts.hostname ?? "0.0.0.0";
  const app = next({ dev: !!opts.dev, dir: root, hostname, port: opts.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, hostname, () => resolve());
  });
  return {
    url: `http://localhost:${opts.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
