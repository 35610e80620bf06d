// Generates both Prisma clients (control plane and tenant template) at install time. The Prisma 7 CLI
// cannot download its native schema engine here; `generate` does not need it, but insists the
// variable names an existing file, so we point it at node itself.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
for (const schema of ["prisma/schema.prisma", "prisma/tenant/schema.prisma"]) {
  execFileSync(process.execPath, [cli, "generate", "--schema", schema], { stdio: "inherit", env });
}
