import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { TENANT_SCOPES } from "@/lib/keys/schemas";
import { listKeys } from "@/lib/keys/service";
import { KeysPanel } from "@/components/keys/keys-panel";
import { toKeyRows } from "@/components/keys/rows";
import { loadTenant } from "../load";
import { consoleIssueKeyAction, consoleRevokeKeyAction, consoleRotateKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function TenantKeysTab({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const p = await requireConsolePage("platform:read", `/tenants/${id}/keys`);
  const tenant = await loadTenant(id);
  const deleted = tenant.status === "deleted";
  const keys = deleted ? [] : await listKeys(tenant.id);
  const canManage = can(p, "platform:write") && !deleted;
  return (
    <KeysPanel
      target={tenant.id}
      keys={toKeyRows(keys)}
      scopes={TENANT_SCOPES}
      actions={canManage ? { issue: consoleIssueKeyAction, revoke: consoleRevokeKeyAction, rotate: consoleRotateKeyAction } : undefined}
      intro={
        deleted
          ? "This tenant is deleted; its keys no longer work."
          : `Keys ${tenant.name}'s software uses on the data plane (usage, quota). A revoked key fails on the next request.`
      }
    />
  );
}
