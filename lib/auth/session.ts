// The principal of the current request, for pages, server actions and route handlers, and the guards
// they call. Server actions are public POST endpoints, so each one calls a guard itself.
import { redirect } from "next/navigation";
import { auth } from "./nextauth";
import { can, type PlatformAction, type Principal } from "./permissions";
import { loadPrincipal } from "./users";
import { DomainError, forbidden } from "../errors";
import type { Actor } from "../audit/log";

export async function currentPrincipal(): Promise<Principal | null> {
  const session = await auth();
  return loadPrincipal(session?.user?.id);
}

export function actorOf(p: Principal): Actor {
  return { type: "user", id: p.userId, label: p.email };
}

/** For console pages: signed out → sign-in page; signed in without the role → 404-free "forbidden". */
export async function requireConsolePage(action: PlatformAction = "platform:read", callbackUrl?: string): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) redirect(`/login${callbackUrl ? `?callbackUrl=${encodeURIComponent(callbackUrl)}` : ""}`);
  if (!can(p, action)) {
    // Tenant members who are not platform staff belong in their portal.
    const first = Object.keys(p.memberships)[0];
    if (first) redirect(`/t`);
    redirect("/forbidden");
  }
  return p;
}

/** For server actions and route handlers: throws a domain error instead of redirecting. */
export async function requireConsoleAction(action: PlatformAction): Promise<Principal> {
  const p = await currentPrincipal();
  if (!p) throw new DomainError("unauthorized", 401, "Your session has ended. Sign in again.");
  if (!can(p, action)) throw forbidden(action === "platform:write" ? "Your role can view but not change this." : undefined);
  return p;
}
