// GET /api/metrics: Prometheus text format. Open by default like most exporters (it is meant for a
// scraper on the private network); TENANTRY_METRICS_TOKEN makes it require that bearer token, since
// its labels name tenants.
import { unauthorized } from "../errors";
import { bearerToken, sameSecret } from "../http/bearer";
import type { DataPlaneResponse } from "../dataplane/types";
import { metricsText } from "./registry";

function tokenOk(header: string | undefined): boolean {
  const want = process.env.TENANTRY_METRICS_TOKEN;
  if (!want) return true;
  return sameSecret(bearerToken(header) ?? "", want);
}

/** The answer to a GET or HEAD (the caller answers other methods with 405). */
export async function metricsResponse(method: "GET" | "HEAD", authorization: string | undefined): Promise<DataPlaneResponse> {
  if (!tokenOk(authorization)) throw unauthorized("Send the metrics token as `Authorization: Bearer <token>`.");
  const { contentType, body } = await metricsText();
  return { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" }, body: method === "HEAD" ? "" : body };
}
