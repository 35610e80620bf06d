// GET /api/metrics: Prometheus text format. Open by default like most exporters (it is meant for a
// scraper on the private network); TENANTRY_METRICS_TOKEN makes it require that bearer token, since
// its labels name tenants.
import crypto from "node:crypto";
import { unauthorized } from "../errors";
import type { DataPlaneResponse } from "../dataplane/types";
import { metricsText } from "./registry";

function tokenOk(header: string | undefined): boolean {
  const want = process.env.TENANTRY_METRICS_TOKEN;
  if (!want) return true;
  // The scheme is case-insensitive (RFC 9110), as on the data plane.
  const got = /^bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1] ?? "";
  const h = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(h(got), h(want));
}

/** The answer to a GET or HEAD (the caller answers other methods with 405). */
export async function metricsResponse(method: "GET" | "HEAD", authorization: string | undefined): Promise<DataPlaneResponse> {
  if (!tokenOk(authorization)) throw unauthorized("Send the metrics token as `Authorization: Bearer <token>`.");
  const { contentType, body } = await metricsText();
  return { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" }, body: method === "HEAD" ? "" : body };
}
