// Invite → accept → sign in → the invitee sees only their own tenant. Also: the link is shown once
// (and is in the outbox), is single use, and dead links (tampered, expired, revoked) say why and
// create nothing; an existing account that accepts gains a tenant and switches between them.
import { test, expect, BASE_URL, loginAs, uniqueSlug } from "../fixtures";
import { addMember, makeUser, sql, tenantWithOwner } from "./db";

// Several sign-ins (scrypt) and a server shared with other work: give each test room.
test.describe.configure({ timeout: 120_000 });

const NEW_PASSWORD = "invitee-password-1";

test("a platform admin invites from the console; the invitee sets a password and lands in their own portal only", async ({ adminPage, browser, request }) => {
  const { tenant } = await tenantWithOwner(request, "inv");
  const other = await tenantWithOwner(request, "oth");
  const email = `${uniqueSlug("invitee")}@example.test`;

  await adminPage.goto(`/tenants/${tenant.id}/members`);
  await adminPage.getByRole("button", { name: "Invite member" }).click();
  let dialog = adminPage.getByRole("dialog");
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("member");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const linkField = dialog.getByLabel("Invitation link");
  await expect(linkField).toHaveValue(new RegExp(`^${BASE_URL}/invite/[A-Za-z0-9_-]{43}$`));
  const link = await linkField.inputValue();
  await expect(dialog.getByText("won't be shown again")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Copy link" })).toBeVisible();

  // Shown once: reopening the dialog starts a fresh form, and the page lists the invitation without its link.
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(adminPage.getByRole("cell", { name: email, exact: true })).toBeVisible();
  await adminPage.getByRole("button", { name: "Invite member" }).click();
  dialog = adminPage.getByRole("dialog");
  await expect(dialog.getByLabel("Email")).toHaveValue("");
  await expect(dialog.getByLabel("Invitation link")).toHaveCount(0);
  await adminPage.keyboard.press("Escape");
  expect(await adminPage.content()).not.toContain(link);

  // With no SMTP_URL the email waits in the outbox, link included.
  await adminPage.goto("/settings/outbox");
  const item = adminPage.getByRole("listitem").filter({ hasText: email }).first();
  await item.locator("summary").click();
  await expect(item.locator("pre")).toContainText(link);

  // The invitee, in a browser that has never signed in.
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  const path = new URL(link).pathname;
  await page.goto(path);
  await expect(page.getByRole("heading", { name: `Join ${tenant.name}` })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm password").fill("something-else-1");
  await page.getByRole("button", { name: "Set password and join" }).click();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();
  expect(await sql("SELECT 1 FROM users WHERE email = $1", [email])).toHaveLength(0);

  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set password and join" }).click();
  await page.waitForURL(`**/t/${tenant.slug}`);
  await expect(page.getByRole("heading", { name: tenant.name, level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Tenant sections" }).getByRole("link")).toHaveText(["Overview", "Usage"]);

  // Sign out, then sign in the way people do: a wrong password says nothing specific.
  await page.getByRole("button", { name: /^Account:/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL("**/login**");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill("wrong-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Email or password is incorrect.")).toBeVisible();
  await loginAs(page, email, NEW_PASSWORD);
  await page.goto("/t");
  await expect(page).toHaveURL(new RegExp(`/t/${tenant.slug}$`));

  // Only their own tenant: another tenant's portal, a made-up one, and the console are closed.
  expect((await page.goto(`/t/${other.tenant.slug}`))!.status()).toBe(404);
  expect((await page.goto(`/t/${other.tenant.slug}/members`))!.status()).toBe(404);
  expect((await page.goto("/t/no-such-tenant-here"))!.status()).toBe(404);
  await page.goto(`/tenants/${tenant.id}`);
  await expect(page).not.toHaveURL(/\/tenants\//);

  // The link was single use.
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
  const audit = await sql<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = $1 AND action LIKE 'invitation.%' ORDER BY id", [tenant.id]);
  expect(audit.map((a) => a.action)).toEqual(["invitation.sent", "invitation.accepted"]);
  await context.close();
});

test("dead invitation links say why and create nothing", async ({ page, browser, request }) => {
  const { tenant, owner } = await tenantWithOwner(request, "dead");
  await loginAs(page, owner.email, owner.password);
  const links: Record<string, string> = {};
  const invitees: string[] = [];
  for (const name of ["expired", "revoked", "tampered"]) {
    await page.goto(`/t/${tenant.slug}/members`);
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    invitees.push(`${name}-${uniqueSlug("x")}@example.test`);
    await dialog.getByLabel("Email").fill(invitees[invitees.length - 1]);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    links[name] = new URL(await dialog.getByLabel("Invitation link").inputValue()).pathname;
    await page.keyboard.press("Escape");
  }
  await sql("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE tenant_id = $1 AND email LIKE 'expired-%'", [tenant.id]);
  await page.getByRole("button", { name: /^Revoke invitation for revoked-/ }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: /^revoked-/ })).toHaveCount(0);
  expect(await sql("SELECT 1 FROM invitations WHERE tenant_id = $1 AND email LIKE 'revoked-%' AND revoked_at IS NOT NULL", [tenant.id])).toHaveLength(1);
  const tampered = links.tampered.slice(0, -2) + (links.tampered.endsWith("AA") ? "BB" : "AA");

  const visitor = await (await browser.newContext({ baseURL: BASE_URL })).newPage();
  for (const [path, heading] of [
    [links.expired, "This invitation has expired"],
    [links.revoked, "This invitation has been revoked"],
    [tampered, "This invitation link is not valid"],
    ["/invite/short", "This invitation link is not valid"],
  ] as const) {
    await visitor.goto(path);
    await expect(visitor.getByRole("heading", { name: heading })).toBeVisible();
    await expect(visitor.getByLabel("Password", { exact: true })).toHaveCount(0);
  }
  await visitor.context().close();
  // No account was made for any invitee (counted by their emails: other tests make users meanwhile).
  expect(await sql("SELECT 1 FROM users WHERE email = ANY($1)", [invitees])).toHaveLength(0);
  expect(await sql("SELECT 1 FROM memberships WHERE tenant_id = $1 AND role <> 'owner'", [tenant.id])).toHaveLength(0);
});

test("an existing account accepts, signs in with its own password, and switches between its tenants", async ({ page, browser, request }) => {
  const first = await tenantWithOwner(request, "home");
  const second = await tenantWithOwner(request, "guest");
  const person = await makeUser("both");
  await addMember(first.tenant.id, person.id, "member");

  await loginAs(page, second.owner.email, second.owner.password);
  await page.goto(`/t/${second.tenant.slug}/members`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill(person.email.toUpperCase());
  await dialog.getByLabel("Role").selectOption("admin");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const path = new URL(await dialog.getByLabel("Invitation link").inputValue()).pathname;

  const context = await browser.newContext({ baseURL: BASE_URL });
  const p = await context.newPage();
  await p.goto(path);
  await expect(p.getByText("already has an account")).toBeVisible();
  await expect(p.getByLabel("Password", { exact: true })).toHaveCount(0);
  await p.getByRole("button", { name: "Accept and sign in" }).click();
  await p.waitForURL("**/login**");
  await p.getByLabel("Email", { exact: true }).fill(person.email);
  await p.getByLabel("Password", { exact: true }).fill(person.password);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.waitForURL(`**/t/${second.tenant.slug}`);
  await expect(p.getByRole("navigation", { name: "Tenant sections" }).getByRole("link")).toHaveText(["Overview", "Usage", "API keys", "Billing", "Settings"]);

  // Two tenants now: /t offers a choice, and the switcher moves between them.
  await p.goto("/t");
  await expect(p.getByRole("heading", { name: "Choose a tenant" })).toBeVisible();
  await p.getByRole("link", { name: new RegExp(first.tenant.name) }).click();
  await p.waitForURL(`**/t/${first.tenant.slug}`);
  await p.getByRole("button", { name: /Switch tenant/ }).click();
  await p.getByRole("menuitem", { name: new RegExp(second.tenant.name) }).click();
  await p.waitForURL(`**/t/${second.tenant.slug}`);
  await context.close();
});

test("sign-in failures name neither field, and repeated failures are throttled", async ({ page }) => {
  const user = await makeUser("throttle");
  const password = page.getByLabel("Password", { exact: true });
  // One attempt at a time: React resets the form when an action settles, so typing ahead of that
  // would be wiped out; wait for the answer and the reset before the next attempt.
  async function attempt(email: string, pw: string) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await password.fill(pw);
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(password).toHaveValue("");
  }
  await page.goto("/login");
  await attempt(user.email, "wrong-password-1");
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await attempt(`nobody-${uniqueSlug("x")}@example.test`, user.password);
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  for (let i = 0; i < 4; i++) await attempt(user.email, `wrong-password-${i + 2}`);
  // Five failures for this email: now even the right password is refused until the window passes.
  await attempt(user.email, user.password);
  await expect(page.getByRole("alert").filter({ hasText: "Too many attempts. Try again in a few minutes." })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
