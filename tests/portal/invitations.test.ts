// Invitations against the real database: who may invite, input errors with the field they belong to,
// hashed single-use tokens (also under concurrency), expiry, revocation, tampering, and accepting
// for a new or an existing account.
import crypto from "node:crypto";
import net from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "../../lib/auth/users";
import { db } from "../../lib/db/client";
import { acceptInvitation, createInvitation, hashToken, inspectInvitation, listPendingInvitations, revokeInvitation } from "../../lib/invitations/service";
import { listOutbox } from "../../lib/mail/outbox";
import { MAX_ATTEMPTS, redeliverPending } from "../../lib/mail/retry";
import { addMember, auditActions, ctxOf, makeTenant, makeUser, tokenOf, uniq } from "./helpers";

const BASE = "http://portal.test";

async function counts(email: string, tenantId: string) {
  const users = await db().user.count({ where: { email } });
  const memberships = await db().membership.count({ where: { tenantId, user: { email } } });
  return { users, memberships };
}

describe("creating invitations", () => {
  let tenantId: string;
  let ownerId: string;

  beforeAll(async () => {
    tenantId = (await makeTenant()).id;
    ownerId = (await makeUser()).id;
    await addMember(tenantId, ownerId, "owner");
  });

  it("stores only a hash of a 256-bit token, expires in 7 days, audits and writes the email", async () => {
    const email = `${uniq("new")}@example.test`;
    const before = Date.now();
    const r = await createInvitation(await ctxOf(ownerId), tenantId, { email: `  ${email.toUpperCase()} `, role: "member" }, { baseUrl: BASE });
    const token = tokenOf(r.link);
    expect(r.link).toBe(`${BASE}/invite/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.invitation.email).toBe(email);
    expect(r.delivery).toBe("kept");
    const row = await db().invitation.findUniqueOrThrow({ where: { id: r.invitation.id } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    const ttl = row.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86400_000 + 60_000);
    expect(await auditActions(tenantId)).toContain("invitation.sent");
    const mail = (await listOutbox()).find((m) => m.to === email);
    expect(mail?.text).toContain(r.link);
    expect(mail?.kind).toBe("invitation");
    expect(mail?.sentAt).toBeNull();
    expect((await listPendingInvitations(tenantId)).map((i) => i.email)).toContain(email);
  });

  it("refuses an invalid email, an existing member and a duplicate pending invitation, on the email field", async () => {
    const ctx = await ctxOf(ownerId);
    await expect(createInvitation(ctx, tenantId, { email: "not-an-email", role: "member" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [expect.objectContaining({ path: "email" })] },
    });
    await expect(createInvitation(ctx, tenantId, { email: "x@example.test", role: "superuser" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [expect.objectContaining({ path: "role" })] },
    });
    const owner = await db().user.findUniqueOrThrow({ where: { id: ownerId } });
    await expect(createInvitation(ctx, tenantId, { email: owner.email.toUpperCase(), role: "member" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "conflict",
      extra: { errors: [expect.objectContaining({ path: "email", message: expect.stringContaining("already a member") })] },
    });
    const email = `${uniq("dup")}@example.test`;
    await createInvitation(ctx, tenantId, { email, role: "member" }, { baseUrl: BASE });
    await expect(createInvitation(ctx, tenantId, { email: email.toUpperCase(), role: "admin" }, { baseUrl: BASE })).rejects.toMatchObject({
      code: "conflict",
      extra: { errors: [expect.objectContaining({ path: "email", message: expect.stringContaining("pending invitation") })] },
    });
    // Two at once: the partial unique index lets exactly one through.
    const raced = `${uniq("race")}@example.test`;
    const results = await Promise.allSettled([1, 2, 3].map(() => createInvitation(ctx, tenantId, { email: raced, role: "member" }, { baseUrl: BASE })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().invitation.count({ where: { tenantId, email: raced } })).toBe(1);
  });

  it("lets only owners and platform admins invite; the portal never lets staff write", async () => {
    const admin = (await makeUser()).id;
    const member = (await makeUser()).id;
    await addMember(tenantId, admin, "admin");
    await addMember(tenantId, member, "member");
    const staff = (await makeUser({ platformRole: "admin" })).id;
    const viewer = (await makeUser({ platformRole: "viewer" })).id;
    const otherOwner = (await makeUser()).id;
    const other = await makeTenant();
    await addMember(other.id, otherOwner, "owner");
    const input = () => ({ email: `${uniq("who")}@example.test`, role: "member" });
    for (const [userId, via] of [
      [admin, "portal"],
      [member, "portal"],
      [otherOwner, "portal"],
      [staff, "portal"],
      [viewer, "console"],
    ] as const) {
      await expect(createInvitation(await ctxOf(userId, via), tenantId, input(), { baseUrl: BASE })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(createInvitation(await ctxOf(staff, "console"), tenantId, input(), { baseUrl: BASE })).resolves.toBeTruthy();
  });

  it("replaces an expired invitation for the same email instead of calling it a duplicate", async () => {
    const ctx = await ctxOf(ownerId);
    const email = `${uniq("exp")}@example.test`;
    const first = await createInvitation(ctx, tenantId, { email, role: "member" }, { baseUrl: BASE });
    await db().invitation.update({ where: { id: first.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const second = await createInvitation(ctx, tenantId, { email, role: "admin" }, { baseUrl: BASE });
    expect(second.invitation.id).not.toBe(first.invitation.id);
    expect(await inspectInvitation(tokenOf(first.link))).toEqual({ ok: false, problem: "expired" });
    expect((await inspectInvitation(tokenOf(second.link))).ok).toBe(true);
  });
});

describe("accepting invitations", () => {
  let tenantId: string;
  let ownerId: string;

  beforeAll(async () => {
    tenantId = (await makeTenant()).id;
    ownerId = (await makeUser()).id;
    await addMember(tenantId, ownerId, "owner");
  });

  async function invite(role: "owner" | "admin" | "member" = "member", email = `${uniq("inv")}@example.test`) {
    const r = await createInvitation(await ctxOf(ownerId), tenantId, { email, role }, { baseUrl: BASE });
    return { email, token: tokenOf(r.link), id: r.invitation.id };
  }

  it("creates the account with the chosen password and the membership, once", async () => {
    const { email, token } = await invite("admin");
    expect(await inspectInvitation(token)).toMatchObject({ ok: true, email, role: "admin", accountExists: false });
    const r = await acceptInvitation(token, { password: "a-good-password", confirm: "a-good-password" });
    expect(r).toMatchObject({ ok: true, email, role: "admin", createdUser: true });
    expect(await counts(email, tenantId)).toEqual({ users: 1, memberships: 1 });
    expect(await verifyCredentials(email, "a-good-password")).toBeTruthy();
    expect(await acceptInvitation(token, { password: "a-good-password", confirm: "a-good-password" })).toEqual({ ok: false, problem: "used" });
    expect(await inspectInvitation(token)).toEqual({ ok: false, problem: "used" });
    expect(await auditActions(tenantId)).toContain("invitation.accepted");
  });

  it("refuses a bad or mismatched password and consumes nothing", async () => {
    const { email, token } = await invite();
    await expect(acceptInvitation(token, { password: "short", confirm: "short" })).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [expect.objectContaining({ path: "password" })] },
    });
    await expect(acceptInvitation(token, { password: "long-enough-1", confirm: "long-enough-2" })).rejects.toMatchObject({
      code: "invalid_request",
      extra: { errors: [expect.objectContaining({ path: "confirm" })] },
    });
    expect(await counts(email, tenantId)).toEqual({ users: 0, memberships: 0 });
    expect((await inspectInvitation(token)).ok).toBe(true);
  });

  it("lets exactly one of several concurrent accepts through", async () => {
    const { email, token } = await invite();
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => acceptInvitation(token, { password: "concurrent-pw-1", confirm: "concurrent-pw-1" })),
    );
    const oks = results.filter((r) => r.status === "fulfilled" && r.value.ok);
    expect(oks).toHaveLength(1);
    // The others are told the link was used (or, if they raced the user insert, a conflict) — never a second account.
    for (const r of results) if (r.status === "fulfilled" && !r.value.ok) expect(r.value.problem).toBe("used");
    expect(await counts(email, tenantId)).toEqual({ users: 1, memberships: 1 });
    expect((await auditActions(tenantId)).filter((a) => a === "invitation.accepted").length).toBeGreaterThan(0);
  });

  it("adds the membership to an existing account without touching its password", async () => {
    const existing = await makeUser();
    const { token } = await invite("member", existing.email);
    expect(await inspectInvitation(token)).toMatchObject({ ok: true, accountExists: true });
    const r = await acceptInvitation(token, { password: "ignored-password", confirm: "ignored-password" });
    expect(r).toMatchObject({ ok: true, createdUser: false });
    expect(await counts(existing.email, tenantId)).toEqual({ users: 1, memberships: 1 });
    expect(await verifyCredentials(existing.email, "correct-horse-battery")).toBeTruthy();
    expect(await verifyCredentials(existing.email, "ignored-password")).toBeNull();
  });

  it("refuses expired, revoked, tampered and unknown links with distinct reasons, creating nothing", async () => {
    const pw = { password: "whatever-pass", confirm: "whatever-pass" };
    const expired = await invite();
    await db().invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await inspectInvitation(expired.token)).toEqual({ ok: false, problem: "expired" });
    expect(await acceptInvitation(expired.token, pw)).toEqual({ ok: false, problem: "expired" });
    expect(await counts(expired.email, tenantId)).toEqual({ users: 0, memberships: 0 });

    const revoked = await invite();
    await revokeInvitation(await ctxOf(ownerId), tenantId, revoked.id);
    expect(await acceptInvitation(revoked.token, pw)).toEqual({ ok: false, problem: "revoked" });
    expect(await counts(revoked.email, tenantId)).toEqual({ users: 0, memberships: 0 });
    await expect(revokeInvitation(await ctxOf(ownerId), tenantId, revoked.id)).rejects.toMatchObject({ code: "conflict" });

    const good = await invite();
    const flipped = good.token.slice(0, -1) + (good.token.endsWith("A") ? "B" : "A");
    for (const bad of [flipped, good.token.slice(0, -1), `${good.token}x`, "../../etc/passwd", "", "%00"]) {
      expect(await inspectInvitation(bad)).toEqual({ ok: false, problem: "invalid" });
      expect(await acceptInvitation(bad, pw)).toEqual({ ok: false, problem: "invalid" });
    }
    expect(await counts(good.email, tenantId)).toEqual({ users: 0, memberships: 0 });
    expect(await db().invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(good.token) } })).toMatchObject({ acceptedAt: null });

    const actions = await auditActions(tenantId);
    expect(actions).toContain("invitation.revoked");
  });

  it("scopes revocation to the tenant: another tenant's owner gets not found, not the invitation", async () => {
    const target = await invite();
    const other = await makeTenant();
    const otherOwner = (await makeUser()).id;
    await addMember(other.id, otherOwner, "owner");
    await expect(revokeInvitation(await ctxOf(otherOwner), other.id, target.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeInvitation(await ctxOf(otherOwner), tenantId, target.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await inspectInvitation(target.token)).ok).toBe(true);
  });
});

describe("email delivery", () => {
  const saved = process.env.SMTP_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
  });

  /** A minimal SMTP server that accepts one message at a time and hands over its DATA. */
  function smtpSink(): Promise<{ port: number; messages: string[]; close(): void }> {
    const messages: string[] = [];
    const server = net.createServer((sock) => {
      let data = false;
      let buf = "";
      sock.write("220 sink ESMTP\r\n");
      sock.on("data", (chunk) => {
        buf += chunk.toString();
        let i: number;
        while ((i = data ? buf.indexOf("\r\n.\r\n") : buf.indexOf("\r\n")) >= 0) {
          if (data) {
            messages.push(buf.slice(0, i));
            buf = buf.slice(i + 5);
            data = false;
            sock.write("250 queued\r\n");
            continue;
          }
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const cmd = line.slice(0, 4).toUpperCase();
          if (cmd === "EHLO" || cmd === "HELO") sock.write("250 sink\r\n");
          else if (cmd === "DATA") {
            data = true;
            sock.write("354 go ahead\r\n");
          } else if (cmd === "QUIT") sock.end("221 bye\r\n");
          else sock.write("250 ok\r\n");
        }
      });
    });
    return new Promise((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as net.AddressInfo).port, messages, close: () => server.close() })),
    );
  }

  it("sends through SMTP_URL and records sent_at", async () => {
    const sink = await smtpSink();
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
      const tenant = await makeTenant();
      const owner = (await makeUser({ platformRole: "admin" })).id;
      const email = `${uniq("smtp")}@example.test`;
      const r = await createInvitation(await ctxOf(owner, "console"), tenant.id, { email, role: "member" }, { baseUrl: BASE });
      expect(r.delivery).toBe("sent");
      expect(sink.messages.join("\n")).toContain(tokenOf(r.link).slice(0, 20));
      const row = (await listOutbox()).find((m) => m.to === email)!;
      expect(row.sentAt).not.toBeNull();
      expect(row.attempts).toBe(1);
    } finally {
      sink.close();
    }
  });

  it("redelivers what failed once SMTP is back, and gives up after a bounded number of attempts", async () => {
    const dead = net.createServer();
    const deadPort = await new Promise<number>((r) => dead.listen(0, "127.0.0.1", () => r((dead.address() as net.AddressInfo).port)));
    dead.close();
    process.env.SMTP_URL = `smtp://127.0.0.1:${deadPort}`;
    const tenant = await makeTenant();
    const admin = (await makeUser({ platformRole: "admin" })).id;
    const email = `${uniq("retry")}@example.test`;
    const r = await createInvitation(await ctxOf(admin, "console"), tenant.id, { email, role: "member" }, { baseUrl: BASE });
    expect(r.delivery).toBe("failed");
    const hopeless = `${uniq("hopeless")}@example.test`;
    await createInvitation(await ctxOf(admin, "console"), tenant.id, { email: hopeless, role: "member" }, { baseUrl: BASE });
    await db().outboxEmail.updateMany({ where: { to: hopeless }, data: { attempts: MAX_ATTEMPTS } });

    // Young messages belong to the request that wrote them.
    const sink = await smtpSink();
    try {
      process.env.SMTP_URL = `smtp://127.0.0.1:${sink.port}`;
      expect(await redeliverPending()).toBe(0);
      await redeliverPending({ olderThanMs: 0 });
      const rows = await listOutbox();
      const mine = rows.find((m) => m.to === email)!;
      expect(mine.sentAt).not.toBeNull();
      expect(mine.attempts).toBe(2);
      expect(rows.find((m) => m.to === hopeless)!.sentAt).toBeNull();
      expect(sink.messages.some((m) => m.includes(tokenOf(r.link).slice(0, 20)))).toBe(true);
      // Sent messages are never sent again.
      const before = sink.messages.length;
      await redeliverPending({ olderThanMs: 0 });
      expect(sink.messages.filter((m) => m.includes(tokenOf(r.link).slice(0, 20)))).toHaveLength(1);
      expect(sink.messages.length).toBeGreaterThanOrEqual(before);
    } finally {
      sink.close();
    }
  });

  it("keeps the invitation and records the error when SMTP is down", async () => {
    const dead = net.createServer();
    const port = await new Promise<number>((r) => dead.listen(0, "127.0.0.1", () => r((dead.address() as net.AddressInfo).port)));
    dead.close();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const tenant = await makeTenant();
    const owner = (await makeUser({ platformRole: "admin" })).id;
    const email = `${uniq("down")}@example.test`;
    const r = await createInvitation(await ctxOf(owner, "console"), tenant.id, { email, role: "member" }, { baseUrl: BASE });
    expect(r.delivery).toBe("failed");
    expect((await inspectInvitation(tokenOf(r.link))).ok).toBe(true);
    const row = (await listOutbox()).find((m) => m.to === email)!;
    expect(row.sentAt).toBeNull();
    expect(row.error).toBeTruthy();
  });
});
