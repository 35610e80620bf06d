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

/** An error as this layer's response: problem+json with its status and headers. */
function problemResponse(e: unknown): DataPlaneResponse {
  const p = problemFor(e);
  return { status: p.status, headers: p.headers, body: JSON.stringify(p.body) };
}

const tooLarge = () => problemResponse(payloadTooLarge());

/**
 * Reads the body (≤ MAX_BODY_BYTES) and calls exactly one of `done`, `tooBig` or `failed`. Callbacks
 * rather than a promise: this runs on every data-plane request, and with Next in the same process every
 * promise pays for its async-context hooks.
 */
function readBody(req: IncomingMessage, done: (body: Buffer) => void, tooBig: () => void, failed: (e: unknown) => void): void {
  let first: Buffer | undefined;
  let rest: Buffer[] | undefined;
  let size = 0;
  let settled = false;
  req.on("data", (c: Buffer) => {
    if (settled) return;
    size += c.length;
    if (size > MAX_BODY_BYTES) {
      settled = true;
      req.removeAllListeners("data");
      req.resume(); // drain and drop the rest
      return tooBig();
    }
    if (!first) first = c;
    else (rest ??= [first]).push(c);
  });
  req.on("end", () => {
    if (settled) return;
    settled = true;
    done(rest ? Buffer.concat(rest, size) : (first ?? EMPTY));
  });
  req.on("error", (e) => {
    if (settled) return;
    settled = true;
    failed(e);
  });
}

/** A failure outside the handler (which answers its own refusals): a problem, or a dropped socket. */
function fail(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  send(res, problemResponse(e), true);
}

function run(handler: DataPlaneHandler, req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): void {
  const dpReq: DataPlaneRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
  handler(dpReq).then(
    (out) => {
      try {
        send(res, out);
      } catch (e) {
        fail(res, e);
      }
    },
    (e) => fail(res, e),
  );
}

// The callbacks below are anonymous on purpose: the server runs under tsx, whose esbuild transform
// keeps function names, and a named closure made per request costs a defineProperty call each time.
function serve(handler: DataPlaneHandler, req: IncomingMessage, res: ServerResponse, path: string): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
    req.resume();
    return send(res, tooLarge(), true);
  }
  if (req.method === "GET" || req.method === "HEAD") {
    req.resume();
    return run(handler, req, res, path, EMPTY);
  }
  readBody(
    req,
    (body) => run(handler, req, res, path, body),
    () => send(res, tooLarge(), true),
    (e) => fail(res, e),
  );
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
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") {
      send(res, methodNotAllowed(["GET", "HEAD"]));
      return true;
    }
    metricsResponse(method, req.headers.authorization).then(
      (out) => send(res, out),
      (e) => send(res, problemResponse(e)),
    );
    return true;
  }
  const methods = matchDataPlane(path);
  if (!methods) return false;
  const handler = methods[req.method ?? "GET"];
  if (!handler) {
    req.resume();
    send(res, methodNotAllowed(Object.keys(methods)));
    return true;
  }
  try {
    serve(handler, req, res, path);
  } catch (e) {
    fail(res, e);
  }
  return true;
}

/** The data plane alone, as its own HTTP server (anything else is 404). */
export function createDataPlaneServer(): http.Server {
  const server = http.createServer((req, res) => {
    if (handleDataPlane(req, res)) return;
    req.resume();
    send(res, problemResponse(notFound("Data-plane endpoint")));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
