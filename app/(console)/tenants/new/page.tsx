import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { requireConsolePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listPlans } from "@/lib/quotas/plans";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { CreateTenantForm } from "./create-tenant-form";

export const metadata: Metadata = { title: "Create tenant" };

export default async function NewTenantPage() {
  const p = await requireConsolePage("platform:read", "/tenants/new");
  // Viewers never see the form; the action refuses them as well.
  if (!can(p, "platform:write")) redirect("/tenants");
  const plans = await listPlans();
  return (
    <div className="max-w-2xl">
      <PageHeader title="Create tenant" description="Provisions the tenant's data store from the tenant template, then activates it." />
      <Card>
        <CardContent className="p-5">
          <CreateTenantForm plans={plans.map((pl) => ({ id: pl.id, name: pl.name }))} />
        </CardContent>
      </Card>
    </div>
  );
}
