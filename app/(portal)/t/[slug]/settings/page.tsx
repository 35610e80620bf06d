import type { Metadata } from "next";
import { portalCan } from "@/lib/auth/permissions";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/page-header";
import { RenameForm } from "@/components/portal/rename-form";
import { SuspendedNotice } from "@/components/portal/notices";
import { portalPage } from "../../../_lib/access";
import { renameTenantAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { principal, tenant } = await portalPage(slug, `/t/${slug}/settings`, "tenant:settings");
  const canEdit = portalCan(principal, "tenant:settings", tenant.id) && tenant.status === "active";
  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      <PageHeader title="Settings" description={`General settings of ${tenant.name}.`} />
      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
        </CardHeader>
        <CardContent className="py-4">
          <RenameForm key={tenant.name} target={tenant.slug} name={tenant.name} canEdit={canEdit} action={canEdit ? renameTenantAction : undefined} />
        </CardContent>
      </Card>
    </>
  );
}
