// The access walk. Every portal page, opened as a member of ANOTHER tenant → 404, and signed out →
// the sign-in page. Every portal server action, captured from the owner's own UI and replayed the
// way a hand-crafted POST would be — with another tenant's slug and ids swapped in — → 404 and
// nothing changed; replayed signed out → refused and nothing changed; replayed by staff "viewing
// as" → refused and nothing changed.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { request as playwrightRequest, type Page, type Request } from "@playwright/test";
import { test, expect, BASE_URL, PLATFORM_KEY, loginAs, uniqueSlug } from "../fixtures";
import { addMember, makeUser, sql, tenantSnapshot, tenantWithOwner } from "./db";
import { PORTAL_ROUTES, routeFor } from "./routes";
import { newId } from "../../lib/ids";

// Several sign-ins (scrypt) and a server shared with other work: give each test room.
test.describe.configure({ timeout: 120_000 });

/** How to make the owner's UI call each portal server action once. Keyed by the action's export name. */
const ACTION_TRIGGERS: Record<string, (page: Page, own: OwnTenant) => Promise<void>> = {
  inviteMemberAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/members`);
    await page.getByRole("button", { name: "Invite member" }).click();
    await page.getByRole("dialog").getByLabel("Email").fill(`walk-${uniqueSlug("i")}@example.test`);
    await page.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  },
  changeRoleAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/members`);
    await page.getByLabel(`Role of ${own.memberEmail}`).selectOption("admin");
  },
  revokeInvitationAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/members`);
    await page.getByRole("button", { name: `Revoke invitation for ${own.invitationEmail}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
  },
  removeMemberAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/members`);
    await page.getByRole("button", { name: `Remove ${own.memberEmail}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
  },
  renameTenantAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/settings`);
    await page.getByLabel("Tenant name").fill(`Renamed ${own.slug}`);
    await page.getByRole("button", { name: "Save" }).click();
  },
  issueKeyAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/keys`);
    await page.getByRole("button", { name: "Issue key" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill(`walk ${uniqueSlug("k")}`);
    await page.getByRole("dialog").getByRole("button", { name: "Issue key" }).click();
  },
  rotateKeyAction: async (page, own) => {
    const name = await keyThroughApi(page, own);
    await page.goto(`/t/${own.slug}/keys`);
    await page.getByRole("button", { name: `Rotate ${name}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate key" }).click();
  },
  revokeKeyAction: async (page, own) => {
    const name = await keyThroughApi(page, own);
    await page.goto(`/t/${own.slug}/keys`);
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  },
  // Both send the owner on to the Stripe double's hosted page; waiting for it keeps that navigation
  // from interrupting the next trigger's.
  startCheckoutAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/billing`);
    await page.getByRole("button", { name: "Upgrade to Pro" }).click();
    await page.waitForURL(/:\d+\/checkout\//);
  },
  openBillingPortalAction: async (page, own) => {
    await page.goto(`/t/${own.slug}/billing`);
    await page.getByRole("button", { name: "Manage billing" }).click();
    await page.waitForURL(/:\d+\/portal\//);
  },
};

/** A key to rotate or revoke, issued through the REST API so no server action is captured for it. */
async function keyThroughApi(page: Page, own: OwnTenant): Promise<string> {
  const name = `walk ${uniqueSlug("k")}`;
  const res = await page.request.post(`/api/v1/tenants/${own.id}/keys`, { headers: { authorization: `Bearer ${PLATFORM_KEY}` }, data: { name } });
  expect(res.status()).toBe(201);
  return name;
}

interface OwnTenant {
  id: string;
  slug: string;
  memberId: string;
  memberEmail: string;
  invitationId: string;
  invitationEmail: string;
}

/** Every exported server action under app/(portal): a new one without a trigger above fails the walk. */
function portalActionNames(): string[] {
  const root = fileURLToPath(new URL("../../app/(portal)", import.meta.url));
  const names: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(e.name)) {
        const src = fs.readFileSync(p, "utf8");
        if (!/^\s*["']use server["']/.test(src)) continue;
        for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)/g)) names.push(m[1]);
      }
    }
  };
  walk(root);
  return names.sort();
}

async function setUpTenant(request: Parameters<typeof tenantWithOwner>[0], prefix: string, ownerId?: string) {
  const { tenant, owner } = await tenantWithOwner(request, prefix);
  const member = await makeUser(`${prefix}-m`);
  await addMember(tenant.id, member.id, "member");
  const invitationEmail = `${uniqueSlug(`${prefix}-inv`)}@example.test`;
  const invitationId = newId("inv");
  await sql(
    `INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by_id, expires_at) VALUES ($1, $2, $3, 'member', md5(random()::text), $4, now() + interval '7 days')`,
    [invitationId, tenant.id, invitationEmail, ownerId ?? owner.id],
  );
  return { tenant, owner, own: { id: tenant.id, slug: tenant.slug, memberId: member.id, memberEmail: member.email, invitationId, invitationEmail } };
}

test("every portal page is a 404 to another tenant's member and sends a signed-out visitor to sign in", async ({ page, request }) => {
  const a = await tenantWithOwner(request, "wa");
  const b = await tenantWithOwner(request, "wb");
  await loginAs(page, a.owner.email, a.owner.password);
  for (const template of PORTAL_ROUTES) {
    const own = await page.goto(routeFor(template, a.tenant.slug));
    expect(own!.status(), `${template} for the own tenant`).toBe(200);
    for (const slug of [b.tenant.slug, "no-such-tenant", b.tenant.id]) {
      const res = await page.goto(routeFor(template, slug));
      expect(res!.status(), `${template} as a member of another tenant (${slug})`).toBe(404);
      await expect(page.getByText(b.tenant.name)).toHaveCount(0);
    }
  }
  await page.context().clearCookies();
  for (const template of PORTAL_ROUTES) {
    const target = routeFor(template, b.tenant.slug);
    await page.goto(target);
    await expect(page, `${template} signed out`).toHaveURL(new RegExp(`/login\\?callbackUrl=${encodeURIComponent(target).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  }
});

test("every portal server action, replayed against another tenant, signed out, or by staff viewing as, is refused and changes nothing", async ({ page, adminPage, request }) => {
  const names = portalActionNames();
  expect(names, "every portal server action needs a trigger in ACTION_TRIGGERS").toEqual(Object.keys(ACTION_TRIGGERS).sort());

  const a = await setUpTenant(request, "aa");
  const b = await setUpTenant(request, "ab");
  await loginAs(page, a.owner.email, a.owner.password);

  // Capture each action's request from the owner's own UI (it succeeds there, on tenant A).
  const captured: { name: string; req: Request; body: string }[] = [];
  for (const [name, trigger] of Object.entries(ACTION_TRIGGERS)) {
    const waiting = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
    await trigger(page, a.own);
    const req = await waiting;
    const res = await req.response();
    expect(res?.status(), `${name} on the own tenant`).toBe(200);
    captured.push({ name, req, body: req.postDataBuffer()?.toString("utf8") ?? "" });
  }
  expect((await sql("SELECT name FROM tenants WHERE id = $1", [a.tenant.id]))[0].name).toBe(`Renamed ${a.tenant.slug}`);

  const swap = (body: string) =>
    body
      .split(a.own.slug).join(b.own.slug)
      .split(a.own.memberId).join(b.own.memberId)
      .split(a.own.invitationId).join(b.own.invitationId)
      .split(a.own.id).join(b.own.id);
  const headersOf = (req: Request) => {
    const h = { ...req.headers() };
    for (const k of ["cookie", "content-length", "host"]) delete h[k];
    return h;
  };

  const before = await tenantSnapshot(b.tenant.id);
  const anonymous = await playwrightRequest.newContext({ baseURL: BASE_URL });
  try {
    for (const { name, req, body } of captured) {
      const forged = swap(body);
      expect(forged, `${name}: the request names tenant A, so the swap changes it`).not.toBe(body);
      const url = new URL(req.url()).pathname.split(a.own.slug).join(b.own.slug);

      const asOtherMember = await page.request.fetch(url, { method: "POST", headers: headersOf(req), data: forged, maxRedirects: 0 });
      expect(asOtherMember.status(), `${name} as a member of another tenant`).toBe(404);

      const signedOut = await anonymous.fetch(url, { method: "POST", headers: headersOf(req), data: forged, maxRedirects: 0 });
      expect(signedOut.status(), `${name} signed out`).toBeLessThan(500);
      expect(await signedOut.text(), `${name} signed out`).toContain("Your session has ended");

      const asStaff = await adminPage.request.fetch(url, { method: "POST", headers: headersOf(req), data: forged, maxRedirects: 0 });
      expect(await asStaff.text(), `${name} by staff viewing as`).toContain("read-only");
    }
  } finally {
    await anonymous.dispose();
  }
  expect(await tenantSnapshot(b.tenant.id)).toEqual(before);
  // Refusals before any change write no audit entries either (staff view-as pages were not opened).
  await page.goto(`/t/${b.tenant.slug}`).then((r) => expect(r!.status()).toBe(404));
});
