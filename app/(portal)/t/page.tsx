import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ChevronRight } from "lucide-react";
import { can } from "@/lib/auth/permissions";
import { currentPrincipal } from "@/lib/auth/session";
import { myTenants } from "@/lib/members/portal";
import { Card } from "@/components/ui/card";
import { Logo } from "@/components/logo";
import { StatusBadge } from "@/components/status-badge";
import { SignOutButton } from "@/components/console/sign-out-button";
import { ROLE_LABEL } from "@/components/portal/types";

export const metadata: Metadata = { title: "Your tenants" };

// /t: straight to the only tenant; a chooser for several; platform staff without memberships go to
// the console; anyone else is told they have no tenant yet.
export default async function TenantChooser() {
  const p = await currentPrincipal();
  if (!p) redirect("/login?callbackUrl=%2Ft");
  const tenants = await myTenants(p);
  if (tenants.length === 1) redirect(`/t/${tenants[0].slug}`);
  if (tenants.length === 0 && can(p, "platform:read")) redirect("/");
  return (
    <main className="grid min-h-screen place-items-center bg-muted/40 px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <Logo className="text-base" />
        </div>
        <Card className="p-2">
          <h1 className="px-3 pt-3 text-lg font-semibold">{tenants.length ? "Choose a tenant" : "No tenant yet"}</h1>
          <p className="px-3 pb-3 text-sm text-muted-foreground">
            {tenants.length
              ? `Signed in as ${p.email}.`
              : `${p.email} is not a member of any tenant. Ask a tenant's owner to invite you.`}
          </p>
          {tenants.length ? (
            <ul className="grid gap-0.5">
              {tenants.map((t) => (
                <li key={t.slug}>
                  <Link
                    href={`/t/${t.slug}`}
                    className="flex items-center gap-3 rounded-md px-3 py-2.5 outline-none hover:bg-muted focus-visible:ring-2 focus-visible:ring-ring"
                  >
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium">{t.name}</span>
                      <span className="block truncate text-xs text-muted-foreground">
                        {t.slug} · {ROLE_LABEL[t.role]}
                      </span>
                    </span>
                    {t.status !== "active" ? <StatusBadge status={t.status} /> : null}
                    <ChevronRight className="size-4 text-muted-foreground" aria-hidden="true" />
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="flex justify-end border-t border-border px-1 pt-2 mt-2">
            <SignOutButton />
          </div>
        </Card>
      </div>
    </main>
  );
}
