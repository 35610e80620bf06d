// The demo `npm start` seeds on an empty database: one platform admin and three tenants on different
// plans and isolation tiers, each with a few projects and tasks in its own data.
import { db } from "../db/client";
import { tenantDb } from "../isolation/router";
import { createTenant } from "../tenants/service";
import { upsertPlatformUser } from "../auth/users";

const DEMO_TENANTS = [
  { name: "Acme Corp", slug: "acme-corp", plan: "pro", isolation: "schema", projects: ["Website relaunch", "Mobile app", "Data warehouse"] },
  { name: "Globex", slug: "globex", plan: "enterprise", isolation: "database", projects: ["Compliance audit", "EU region"] },
  { name: "Initech", slug: "initech", plan: "free", isolation: "shared", projects: ["TPS reports"] },
] as const;

const TASKS = ["Plan the scope", "Write the spec", "Build it", "Review", "Ship"];

/** Seeds once: on a database without users. Returns whether it did. */
export async function seedDemo(admin: { email: string; password: string }): Promise<boolean> {
  if ((await db().user.count()) > 0) return false;
  await upsertPlatformUser(admin.email, admin.password, "admin");
  const actor = { type: "system", label: "demo seed" } as const;
  for (const t of DEMO_TENANTS) {
    const tenant = await createTenant({ name: t.name, slug: t.slug, plan: t.plan, isolation: t.isolation }, actor);
    const data = await tenantDb(tenant.id);
    for (const [i, name] of t.projects.entries()) {
      await data.project.create({
        data: {
          name,
          description: `Demo project ${i + 1} of ${t.name}`,
          tasks: { create: TASKS.slice(0, 2 + i).map((title, j) => ({ title, status: j === 0 ? "done" : j === 1 ? "doing" : "todo" })) },
        },
      });
    }
  }
  return true;
}
