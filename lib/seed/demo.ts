// The demo `npm start` seeds on an empty database: one platform admin and three tenants on different
// plans and isolation tiers, each with a few projects and tasks in its own data and 90 days of usage
// (Initech, on the free plan, close to its quotas this month, so the dashboard has one to show).
import { db } from "../db/client";
import { tenantDb } from "../isolation/router";
import { createTenant } from "../tenants/service";
import { upsertPlatformUser } from "../auth/users";
import { seedDemoUsage, type DemoUsageProfile } from "../metering/demo-history";

const GB = 1024 ** 3;
const MB = 1024 ** 2;
const DEMO_USAGE: Record<string, Omit<DemoUsageProfile, "tenantId">> = {
  "acme-corp": { requestsPerHour: 900, fileStorage: [40 * GB, 55 * GB], peakConnections: 1800 },
  globex: { requestsPerHour: 4000, fileStorage: [300 * GB, 420 * GB], peakConnections: 7000 },
  // The free plan allows 10,000 requests a month and 1 GB of files: 87 % and about 85 % used.
  initech: { requestsPerHour: 12, requestsThisMonth: 8700, fileStorage: [500 * MB, 870 * MB], peakConnections: 40 },
};

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
  const usage: DemoUsageProfile[] = [];
  for (const t of DEMO_TENANTS) {
    const tenant = await createTenant({ name: t.name, slug: t.slug, plan: t.plan, isolation: t.isolation }, actor);
    usage.push({ tenantId: tenant.id, ...DEMO_USAGE[t.slug] });
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
  await seedDemoUsage(usage);
  return true;
}
