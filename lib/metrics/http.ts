// GET /api/metrics: Prometheus text format. Open by default like most exporters (it is meant for a
// scraper on the private network); TENANTRY_METRICS_TOKEN makes it require that bearer token, since
// its labels name tenants.
import crypto from "node:crypto";
import { DomainError, unauthorized } from "../errors";
import type { DataPlaneResponse } from "../dataplane/types";
import { metricsText } from "./registry";

function tokenOk(header: string | undefined): boolean {
  const want = process.env.TENANTRY_METRICS_TOKEN;
  if (!want) return true;
  const got = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
  const h = (s: string) => crypto.createHash("sha256").update(s).digest();
  return crypto.timingSafeEqual(h(got), h(want));
}

export async function metricsResponse(method: string, authorization: string | undefined): Promise<DataPlaneResponse> {
  if (method !== "GET" && method !== "HEAD") throw new DomainError("invalid_request", 405, "This endpoint accepts GET only.");
  if (!tokenOk(authorization)) throw unauthorized("Send the metrics token as `Authorization: Bearer <token>`.");
  const { contentType, body } = await metricsText();
  return { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" }, body: method === "HEAD" ? "" : body };
}
