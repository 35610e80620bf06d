// The end-to-end server's fixed settings, shared by playwright.config.ts, e2e/fixtures.ts and
// scripts/e2e-server.ts so the specs, the browser and the server agree on ports, keys and data.
import fs from "node:fs";
import path from "node:path";

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

export const E2E_PORT = intEnv("E2E_PORT", 3100);
export const E2E_PG_PORT = intEnv("E2E_PG_PORT", 54350);
export const E2E_DATA_DIR = path.resolve(process.env.E2E_DATA_DIR || ".data/e2e");
export const BASE_URL = `http://localhost:${E2E_PORT}`;

export const ADMIN = { email: "admin@tenantry.local", password: "e2e-admin-password-123" } as const;
/** The bootstrap platform key the e2e server is started with (TENANTRY_PLATFORM_KEY, 32+ chars). */
export const PLATFORM_KEY = "e2e-platform-key-0123456789abcdefghijklmnopqrstuv";
/** Fixed so sessions stay valid if a developer restarts the reused server between runs. */
export const AUTH_SECRET = "e2e-auth-secret-not-for-production-0123456789abcdef";

/** Written by scripts/e2e-server.ts when it runs against an external server (DATABASE_URL set). */
export const DATABASE_URL_FILE = path.join(E2E_DATA_DIR, "database-url");

// Billing is ON in e2e: scripts/e2e-server.ts starts the Stripe double (stripe-double/) on a free port
// in its own process, points the app at it (STRIPE_API_BASE) and the double's webhooks at the app.
export const STRIPE_SECRET_KEY = "sk_test_e2e_tenantry_0123456789";
export const STRIPE_WEBHOOK_SECRET = "whsec_e2e_tenantry_0123456789abcdef";
/** The double's base URL, written by scripts/e2e-server.ts once it listens (specs drive it through it). */
export const STRIPE_DOUBLE_URL_FILE = path.join(E2E_DATA_DIR, "stripe-double-url");

export function stripeDoubleUrl(): string {
  if (!fs.existsSync(STRIPE_DOUBLE_URL_FILE)) {
    throw new Error(`No Stripe double yet: ${STRIPE_DOUBLE_URL_FILE} does not exist. Is the e2e server (playwright webServer) running?`);
  }
  return fs.readFileSync(STRIPE_DOUBLE_URL_FILE, "utf8").trim();
}

/** The environment scripts/start.ts gets for the e2e server. */
export function e2eServerEnv(): Record<string, string> {
  return {
    PORT: String(E2E_PORT),
    TENANTRY_PG_PORT: String(E2E_PG_PORT),
    TENANTRY_DATA_DIR: E2E_DATA_DIR,
    TENANTRY_ADMIN_EMAIL: ADMIN.email,
    TENANTRY_ADMIN_PASSWORD: ADMIN.password,
    TENANTRY_PLATFORM_KEY: PLATFORM_KEY,
    TENANTRY_SEED: "true",
    AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
  };
}

/**
 * The control-plane database the e2e server uses: the URL file scripts/e2e-server.ts leaves for an
 * external server, else the embedded server under E2E_DATA_DIR (password in pg-password, db tenantry).
 */
export function e2eDatabaseUrl(): string {
  if (fs.existsSync(DATABASE_URL_FILE)) return fs.readFileSync(DATABASE_URL_FILE, "utf8").trim();
  const pwFile = path.join(E2E_DATA_DIR, "pg-password");
  if (!fs.existsSync(pwFile)) {
    throw new Error(`No e2e database yet: ${pwFile} does not exist. Is the e2e server (playwright webServer) running?`);
  }
  const password = fs.readFileSync(pwFile, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${E2E_PG_PORT}/tenantry`;
}
