// The published contract and the operational endpoints.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import * as health from "@/app/api/health/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as ready from "@/app/api/ready/route";
import { closePool } from "@/lib/db/pool";
import { api } from "../setup/api";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route handler file under app/api, as an OpenAPI path with the methods it exports. */
function implementedRoutes(): { path: string; methods: string[] }[] {
  const root = path.join(process.env.TENANTRY_ROOT!, "app");
  const found: { path: string; methods: string[] }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/^route\.(ts|tsx|js)$/.test(e.name)) {
        const src = fs.readFileSync(full, "utf8");
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${m}\\b`).test(src));
        const route = "/" + path.relative(root, dir).split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
        found.push({ path: route, methods });
      }
    }
  };
  walk(path.join(root, "api"));
  return found;
}

async function document() {
  const res = openapi.GET();
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }>; securitySchemes: Record<string, unknown> };
  };
}

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document with bearer auth and the problem schema", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.platformKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem.required).toEqual(["type", "title", "status", "detail", "code"]);
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });

  it("lists the list filters the API accepts (deleted tenants are not listed through it)", async () => {
    const doc = await document();
    const params = (doc.paths["/api/v1/tenants"].get as { parameters: { name: string; schema: { enum?: string[] } }[] }).parameters;
    expect(params.map((p) => p.name)).toEqual(["status", "plan", "q", "limit", "cursor"]);
    expect(params[0].schema.enum).toEqual(["provisioning", "active", "suspended"]);
  });

  it("documents every implemented route and method (auth's own routes aside)", async () => {
    const doc = await document();
    const missing: string[] = [];
    for (const r of implementedRoutes()) {
      if (r.path.startsWith("/api/auth/")) continue; // next-auth's endpoints, not our API
      for (const m of r.methods) if (!doc.paths[r.path]?.[m.toLowerCase()]) missing.push(`${m} ${r.path}`);
    }
    expect(missing).toEqual([]);
  });

  it("describes the tenant exactly as the API sends it", async () => {
    const doc = await document();
    const res = await api.create({ name: "Contract Check", isolation: "shared" });
    const tenant = await res.json();
    const schema = doc.components.schemas.Tenant;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(tenant).sort());
    expect([...schema.required].sort()).toEqual(Object.keys(tenant).sort());
    const create = doc.components.schemas.CreateTenant;
    expect(Object.keys(create.properties)).toEqual(expect.arrayContaining(["name", "slug", "plan", "isolation", "region", "metadata"]));
    expect(create.required).toEqual(["name"]);
  });
});

describe("health and readiness", () => {
  it("GET /api/health → 200 ok", async () => {
    const res = health.GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /api/ready → 200 while the database answers, 503 when it does not", async () => {
    let res = await ready.GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready" });

    await closePool();
    process.env.DATABASE_URL = "postgresql://postgres:x@127.0.0.1:1/nowhere";
    try {
      res = await ready.GET();
      expect(res.status).toBe(503);
      expect((await res.json()).status).toBe("unavailable");
    } finally {
      await closePool();
      process.env.DATABASE_URL = inject("databaseUrl");
    }
    expect((await ready.GET()).status).toBe(200);
  });
});
