// Secrets `npm start` generates once and keeps under the data folder, so a restart keeps sessions and
// the demo login: AUTH_SECRET for next-auth and the demo admin's password.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface LocalSecrets {
  authSecret: string;
  demoAdminPassword: string;
}

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "secrets.json");
  let s: Partial<LocalSecrets> = {};
  if (fs.existsSync(file)) s = JSON.parse(fs.readFileSync(file, "utf8"));
  const full: LocalSecrets = {
    authSecret: s.authSecret ?? crypto.randomBytes(32).toString("base64url"),
    demoAdminPassword: s.demoAdminPassword ?? `demo-${crypto.randomBytes(6).toString("base64url")}`,
  };
  if (full.authSecret !== s.authSecret || full.demoAdminPassword !== s.demoAdminPassword) {
    fs.writeFileSync(file, JSON.stringify(full, null, 2), { mode: 0o600 });
  }
  return full;
}
