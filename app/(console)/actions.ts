"use server";
// Console-wide server actions (the top bar's jump box). Each action checks the caller itself.
import { requireConsoleAction } from "@/lib/auth/session";
import { findTenant, listTenants } from "@/lib/tenants/service";
import type { JumpMatch } from "@/components/console/jump-box";

export async function jumpSearch(q: string): Promise<JumpMatch[]> {
  await requireConsoleAction("platform:read");
  const term = typeof q === "string" ? q.trim().slice(0, 100) : "";
  if (!term) return [];
  const [exact, page] = await Promise.all([findTenant(term), listTenants({ q: term, limit: 8 })]);
  // An exact id or slug goes first, so Enter on a pasted id opens that tenant.
  const all = exact ? [exact, ...page.data.filter((t) => t.id !== exact.id)] : page.data;
  return all.slice(0, 8).map((t) => ({ id: t.id, name: t.name, slug: t.slug, status: t.status }));
}
