// Read-only facts about this installation for the console's Settings page. Never returns a secret:
// the database is described by host, port and name only, the platform key by whether it is set.
import fs from "node:fs";
import path from "node:path";
import { config } from "../config";
import { db } from "../db/client";
import { latestVersion } from "../db/migrate";
import { tenantTemplate } from "../isolation/provision";

export interface SystemInfo {
  appVersion: string;
  nodeVersion: string;
  database: {
    mode: "embedded" | "external";
    host: string;
    port: string;
    name: string;
    serverVersion: string | null;
  };
  platformKeyConfigured: boolean;
  tenantTemplateVersion: string | null;
  controlPlaneVersion: string | null;
}

function root(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.TENANTRY_ROOT ?? process.cwd());
}

function appVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(root(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** `npm start` says which it started with (TENANTRY_DB_MODE); a server started otherwise is external. */
function databaseMode(): "embedded" | "external" {
  return process.env.TENANTRY_DB_MODE === "embedded" ? "embedded" : "external";
}

export async function systemInfo(): Promise<SystemInfo> {
  const url = new URL(config.databaseUrl ?? "postgresql://unknown/");
  const [server, controlPlane] = await Promise.all([
    db()
      .$queryRaw<{ server_version: string }[]>`SHOW server_version`
      .then((r) => r[0]?.server_version ?? null)
      .catch(() => null),
    db()
      .$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM public._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1`
      .then((r) => r[0]?.migration_name ?? null)
      .catch(() => null),
  ]);
  return {
    appVersion: appVersion(),
    nodeVersion: process.version,
    database: {
      mode: databaseMode(),
      host: url.hostname,
      port: url.port || "5432",
      name: decodeURIComponent(url.pathname.replace(/^\//, "")) || "postgres",
      serverVersion: server,
    },
    platformKeyConfigured: Boolean(config.platformKey),
    tenantTemplateVersion: latestVersion(tenantTemplate()),
    controlPlaneVersion: controlPlane,
  };
}
