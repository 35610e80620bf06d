// Shared Playwright fixtures and helpers. Specs import { test, expect } from "./fixtures".
//   adminPage          a page already signed in as ADMIN (one sign-in per worker, reused via storageState)
//   loginAs(page, …)   signs in through the /login form, the way a person does
//   createUser(…)      makes a console user in the e2e server's database (scripts/create-admin.ts)
//   api(request)       the REST API with the platform key (or any key you pass)
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { test as base, expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { ADMIN, BASE_URL, PLATFORM_KEY, e2eDatabaseUrl } from "../scripts/e2e-env";

export { ADMIN, BASE_URL, PLATFORM_KEY, expect };

const run = promisify(execFile);

/** Signs in through the login form and waits until the app has navigated away from /login. */
export async function loginAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 15_000 });
}

export type UserRole = "admin" | "viewer" | "none";

/**
 * Creates (or resets) a console user in the e2e server's database. `none` is a user with no platform
 * role, e.g. a tenant member for portal tests. Use a unique email per test: workers run in parallel.
 */
export async function createUser(email: string, password: string, role: UserRole = "none"): Promise<{ email: string; password: string }> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  try {
    await run(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/create-admin.ts", "--email", email, "--password", password, "--role", role], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: e2eDatabaseUrl() },
      timeout: 60_000,
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`createUser(${email}) failed: ${err.stderr || err.stdout || err.message}`);
  }
  return { email: email.trim().toLowerCase(), password };
}

/** A name unique across workers and reruns against a reused server: `${prefix}-<base36 time><rand>`. */
export function uniqueSlug(prefix = "e2e"): string {
  const tail = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `${prefix}-${tail}`.toLowerCase().slice(0, 40);
}

export interface TenantJson {
  id: string;
  slug: string;
  name: string;
  plan: string;
  status: string;
  isolation: string;
  region: string;
  quotas: Record<string, number | null>;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

type Query = Record<string, string | number | boolean>;

/** REST API calls under /api/v1 with `Authorization: Bearer <key>` (the platform key by default). */
export function api(request: APIRequestContext, key: string | null = PLATFORM_KEY) {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  const url = (p: string) => `/api/v1${p.startsWith("/") ? p : `/${p}`}`;
  const client = {
    get: (p: string, params?: Query): Promise<APIResponse> => request.get(url(p), { headers, params }),
    post: (p: string, data?: unknown): Promise<APIResponse> => request.post(url(p), { headers, data }),
    patch: (p: string, data?: unknown): Promise<APIResponse> => request.patch(url(p), { headers, data }),
    delete: (p: string): Promise<APIResponse> => request.delete(url(p), { headers }),
    /** Sends a raw body (malformed JSON, oversize payloads) with the given content type. */
    raw: (method: "POST" | "PATCH" | "PUT", p: string, body: string | Buffer, contentType = "application/json"): Promise<APIResponse> =>
      request.fetch(url(p), { method, headers: { ...headers, "content-type": contentType }, data: body }),
    /** POST /tenants and expect 201; returns the tenant. */
    async createTenant(input: Record<string, unknown>): Promise<TenantJson> {
      const res = await client.post("/tenants", input);
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as TenantJson;
    },
  };
  return client;
}

type WorkerFixtures = { adminStorageState: string };
type TestFixtures = { adminPage: Page };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // One sign-in per worker: saves the session cookie to a file every adminPage of the worker reuses.
  adminStorageState: [
    async ({ browser }, use, workerInfo) => {
      const file = path.join(workerInfo.project.outputDir, ".auth", `admin-${workerInfo.parallelIndex}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const context = await browser.newContext({ baseURL: BASE_URL });
      try {
        const page = await context.newPage();
        await loginAs(page, ADMIN.email, ADMIN.password);
        await context.storageState({ path: file });
      } finally {
        await context.close();
      }
      await use(file);
    },
    { scope: "worker" },
  ],
  adminPage: async ({ browser, adminStorageState }, use) => {
    const context = await browser.newContext({ baseURL: BASE_URL, storageState: adminStorageState });
    const page = await context.newPage();
    await use(page);
    await context.close();
  },
});
