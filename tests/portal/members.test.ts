// Members: listing, role changes and removal with the last-owner rule (also when two owners demote
// each other at the same moment), tenant renaming, and the portal's view-as audit entry.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { changeMemberRole, listMembers, removeMember, renameTenant } from "../../lib/members/service";
import { myTenants, portalTenant, recordViewAs } from "../../lib/members/portal";
import { loadPrincipal } from "../../lib/auth/users";
import { deleteTenant } from "../../lib/tenants/service";
import { addMember, auditActions, ctxOf, makeTenant, makeUser } from "./helpers";

describe("roles and the last owner", () => {
  let tenantId: string;
  let owner: string;
  let member: string;

  beforeAll(async () => {
    tenantId = (await makeTenant()).id;
    owner = (await makeUser()).id;
    member = (await makeUser()).id;
    await addMember(tenantId, owner, "owner");
    await addMember(tenantId, member, "member");
  });

  it("lists owners first, then by email", async () => {
    const list = await listMembers(tenantId);
    expect(list.map((m) => m.role)).toEqual(["owner", "member"]);
  });

  it("changes a role, takes effect on the next principal load, and audits it", async () => {
    expect((await loadPrincipal(member))!.memberships[tenantId]).toBe("member");
    await changeMemberRole(await ctxOf(owner), tenantId, member, "admin");
    expect((await loadPrincipal(member))!.memberships[tenantId]).toBe("admin");
    await changeMemberRole(await ctxOf(owner), tenantId, member, "member");
    const audit = await db().auditLog.findMany({ where: { tenantId, action: "member.role_changed" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.data)).toEqual([
      expect.objectContaining({ user_id: member, from: "member", to: "admin" }),
      expect.objectContaining({ user_id: member, from: "admin", to: "member" }),
    ]);
  });

  it("never demotes or removes the only owner", async () => {
    await expect(changeMemberRole(await ctxOf(owner), tenantId, owner, "admin")).rejects.toMatchObject({
      code: "conflict",
      extra: { errors: [expect.objectContaining({ path: "role" })] },
    });
    await expect(removeMember(await ctxOf(owner), tenantId, owner)).rejects.toMatchObject({ code: "conflict" });
    const staff = (await makeUser({ platformRole: "admin" })).id;
    await expect(removeMember(await ctxOf(staff, "console"), tenantId, owner)).rejects.toMatchObject({ code: "conflict" });
    expect((await loadPrincipal(owner))!.memberships[tenantId]).toBe("owner");
  });

  it("refuses bad roles, unknown members and callers without the members permission", async () => {
    await expect(changeMemberRole(await ctxOf(owner), tenantId, member, "root")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(changeMemberRole(await ctxOf(owner), tenantId, "usr_aaaaaaaaaaaaaaaaaaaa", "admin")).rejects.toMatchObject({ code: "not_found" });
    await expect(changeMemberRole(await ctxOf(member), tenantId, member, "owner")).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(await ctxOf(member), tenantId, owner)).rejects.toMatchObject({ code: "forbidden" });
    const staff = (await makeUser({ platformRole: "admin" })).id;
    await expect(changeMemberRole(await ctxOf(staff, "portal"), tenantId, member, "owner")).rejects.toMatchObject({ code: "forbidden" });
    // A member of this tenant who is owner elsewhere cannot reach across.
    const other = await makeTenant();
    const otherOwner = (await makeUser()).id;
    await addMember(other.id, otherOwner, "owner");
    await expect(removeMember(await ctxOf(otherOwner), tenantId, member)).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeMember(await ctxOf(otherOwner), other.id, member)).rejects.toMatchObject({ code: "not_found" });
    expect((await listMembers(tenantId)).length).toBe(2);
  });

  it("with two owners demoting each other at once, exactly one demotion wins", async () => {
    for (let round = 0; round < 5; round++) {
      const t = (await makeTenant()).id;
      const a = (await makeUser()).id;
      const b = (await makeUser()).id;
      await addMember(t, a, "owner");
      await addMember(t, b, "owner");
      const [ra, rb] = await Promise.allSettled([
        changeMemberRole(await ctxOf(a), t, b, "member"),
        changeMemberRole(await ctxOf(b), t, a, "member"),
      ]);
      const owners = (await listMembers(t)).filter((m) => m.role === "owner");
      expect(owners).toHaveLength(1);
      expect([ra.status, rb.status].sort()).toEqual(["fulfilled", "rejected"]);
    }
  });

  it("with two owners removing each other at once, one owner remains", async () => {
    const t = (await makeTenant()).id;
    const a = (await makeUser()).id;
    const b = (await makeUser()).id;
    await addMember(t, a, "owner");
    await addMember(t, b, "owner");
    const ctxA = await ctxOf(a);
    const ctxB = await ctxOf(b);
    await Promise.allSettled([removeMember(ctxA, t, b), removeMember(ctxB, t, a)]);
    expect((await listMembers(t)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("removes a member and audits it", async () => {
    const extra = (await makeUser()).id;
    await addMember(tenantId, extra, "admin");
    await removeMember(await ctxOf(owner), tenantId, extra);
    expect((await loadPrincipal(extra))!.memberships[tenantId]).toBeUndefined();
    expect(await auditActions(tenantId)).toContain("member.removed");
  });
});

describe("tenant name and portal lookups", () => {
  it("lets owners and admins rename, not members or view-as staff", async () => {
    const t = await makeTenant();
    const owner = (await makeUser()).id;
    const admin = (await makeUser()).id;
    const member = (await makeUser()).id;
    const staff = (await makeUser({ platformRole: "admin" })).id;
    await addMember(t.id, owner, "owner");
    await addMember(t.id, admin, "admin");
    await addMember(t.id, member, "member");
    expect((await renameTenant(await ctxOf(admin), t.id, "Renamed by admin")).name).toBe("Renamed by admin");
    await expect(renameTenant(await ctxOf(member), t.id, "Nope")).rejects.toMatchObject({ code: "forbidden" });
    await expect(renameTenant(await ctxOf(staff), t.id, "Nope")).rejects.toMatchObject({ code: "forbidden" });
    await expect(renameTenant(await ctxOf(owner), t.id, "   ")).rejects.toMatchObject({ code: "invalid_request" });
    expect((await portalTenant(t.slug))!.name).toBe("Renamed by admin");
  });

  it("resolves only live tenants by slug, and lists a person's tenants", async () => {
    const t = await makeTenant();
    const u = (await makeUser()).id;
    await addMember(t.id, u, "member");
    expect((await portalTenant(t.slug))!.id).toBe(t.id);
    expect(await portalTenant(t.id)).toBeNull();
    expect(await portalTenant("No Such Slug")).toBeNull();
    expect((await myTenants((await loadPrincipal(u))!)).map((x) => x.slug)).toEqual([t.slug]);
    await deleteTenant(t.id, { type: "system" });
    expect(await portalTenant(t.slug)).toBeNull();
    expect(await myTenants((await loadPrincipal(u))!)).toEqual([]);
  });

  it("writes one view-as entry per staff member and tenant per hour, even under concurrent requests", async () => {
    const t = await makeTenant();
    const staff = (await makeUser({ platformRole: "viewer" })).id;
    const p = (await loadPrincipal(staff))!;
    const wrote = await Promise.all(Array.from({ length: 6 }, () => recordViewAs(p, t.id)));
    expect(wrote.filter(Boolean)).toHaveLength(1);
    expect(await recordViewAs(p, t.id)).toBe(false);
    expect((await auditActions(t.id)).filter((a) => a === "portal.view_as")).toHaveLength(1);
  });
});
