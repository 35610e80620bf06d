// The one place the data plane meets node:http: read the request (body capped at 1 MiB, 413 early on a
// declared oversize Content-Length), call the framework-free handler, write the response. The custom
// server (server.ts) calls `handleDataPlane` first and gives Next whatever it declines; a deployment
// that scales the data plane apart runs `createDataPlaneServer` in a process of its own.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { notFound, payloadTooLarge } from "../errors";
import { MAX_BODY_BYTES } from "../http/body";
import { problemFor } from "../http/problem";
import { matchDataPlane, methodNotAllowed } from "./routes";
import { metricsResponse } from "../metrics/http";
import type { DataPlaneHandler, DataPlaneRequest, DataPlaneResponse } from "./types";

const EMPTY = Buffer.alloc(0);

function send(res: ServerResponse, out: DataPlaneResponse, close = false): void {
  if (close) out.headers.connection = "close";
  out.headers["content-length"] ??= String(Buffer.byteLength(out.body));
  res.writeHead(out.status, out.headers);
  res.end(out.body);
}

function tooLarge(): DataPlaneResponse {
  const p = problemFor(payloadTooLarge());
  return { status: p.status, headers: p.headers, body: JSON.stringify(p.body) };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners("data");
        req.resume(); // drain and drop the rest
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : chunks.length ? Buffer.concat(chunks, size) : EMPTY));
    req.on("error", reject);
  });
}

async function serve(handler: DataPlaneHandler, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
    req.resume();
    return send(res, tooLarge(), true);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody ? await readBody(req) : (req.resume(), EMPTY);
  if (body === null) return send(res, tooLarge(), true);
  const dpReq: DataPlaneRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
  send(res, await handler(dpReq));
}

/**
 * Serves the request if its path is a data-plane path and returns true; returns false (touching
 * nothing) for any other path.
 */
export function handleDataPlane(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  if (path === "/api/metrics") {
    // Prometheus scrapes the process that counts: this one (Next's bundle has a registry of its own).
    req.resume();
    metricsResponse(req.method ?? "GET", req.headers.authorization).then(
      (out) => send(res, out),
      (e) => {
        const p = problemFor(e);
        send(res, { status: p.status, headers: p.headers, body: JSON.stringify(p.body) });
      },
    );
    return true;
  }
  const methods = matchDataPlane(path);
  if (!methods) return false;
  const handler = methods[req.method ?? "GET"];
  if (!handler) {
    req.resume();
    send(res, methodNotAllowed(methods));
    return true;
  }
  serve(handler, req, res, path).catch((e) => {
    if (res.headersSent) return res.destroy();
    const p = problemFor(e);
    send(res, { status: p.status, headers: p.headers, body: JSON.stringify(p.body) }, true);
  });
  return true;
}

/** The data plane alone, as its own HTTP server (anything else is 404). */
export function createDataPlaneServer(): http.Server {
  const server = http.createServer((req, res) => {
    if (handleDataPlane(req, res)) return;
    req.resume();
    const p = problemFor(notFound("Data-plane endpoint"));
    send(res, { status: p.status, headers: p.headers, body: JSON.stringify(p.body) });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
