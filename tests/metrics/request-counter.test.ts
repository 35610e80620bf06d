import { describe, expect, it } from "vitest";
import { countDataPlaneRequest, metricsText } from "@/lib/metrics/registry";

const line = (tenant: string, route: string, status: number) => `tenantry_dataplane_requests_total{tenant_id="${tenant}",route="${route}",status="${status}"}`;

describe("data-plane request counter", () => {
  it("keeps counting across scrapes: each scrape adds what was counted since the last one", async () => {
    const tenant = `ten_counter_${Date.now()}`;
    for (let i = 0; i < 3; i++) countDataPlaneRequest(tenant, "/api/v1/quota/check", 200);
    countDataPlaneRequest(tenant, "/api/v1/quota/check", 429);
    countDataPlaneRequest(null, "/api/v1/quota", 401);
    let text = (await metricsText()).body;
    expect(text).toContain(`${line(tenant, "/api/v1/quota/check", 200)} 3`);
    expect(text).toContain(`${line(tenant, "/api/v1/quota/check", 429)} 1`);
    expect(text).toMatch(new RegExp(`${line("", "/api/v1/quota", 401).replace(/[{}]/g, "\\$&")} \\d+`));

    // Nothing new: the same totals, not doubled.
    text = (await metricsText()).body;
    expect(text).toContain(`${line(tenant, "/api/v1/quota/check", 200)} 3`);

    countDataPlaneRequest(tenant, "/api/v1/quota/check", 200);
    countDataPlaneRequest(tenant, "/api/v1/quota/check", 200);
    text = (await metricsText()).body;
    expect(text).toContain(`${line(tenant, "/api/v1/quota/check", 200)} 5`);
    expect(text).toContain(`${line(tenant, "/api/v1/quota/check", 429)} 1`);
  });
});
