import type { Metadata } from "next";
import { TENANT_SCOPES } from "@/lib/keys/schemas";
import { listKeys } from "@/lib/keys/service";
import { PageHeader } from "@/components/page-header";
import { KeysPanel } from "@/components/keys/keys-panel";
import { toKeyRows } from "@/components/keys/rows";
import { SuspendedNotice } from "@/components/portal/notices";
import { portalPage } from "../../../_lib/access";
import { issueKeyAction, revokeKeyAction, rotateKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function PortalKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // Owners and admins; members get the 404 every forbidden portal section answers. Staff viewing as read.
  const { tenant, viewAs } = await portalPage(slug, `/t/${slug}/keys`, "tenant:keys");
  const keys = await listKeys(tenant.id);
  const canEdit = !viewAs && tenant.status === "active";
  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      <PageHeader title="API keys" description={`Keys ${tenant.name}'s software uses to send usage and check quotas. Send them as Authorization: Bearer <key>.`} />
      <KeysPanel
        target={tenant.slug}
        keys={toKeyRows(keys)}
        scopes={TENANT_SCOPES}
        actions={canEdit ? { issue: issueKeyAction, revoke: revokeKeyAction, rotate: rotateKeyAction } : undefined}
        intro={viewAs ? "Viewing as platform staff: read-only." : "A revoked key fails on the next request."}
      />
    </>
  );
}
