import type { Metadata } from "next";
import { requireConsolePage } from "@/lib/auth/session";
import { UsageExplorer } from "@/components/usage/usage-explorer";
import { loadTenant } from "../load";

export const metadata: Metadata = { title: "Usage" };

export default async function TenantUsageTab({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireConsolePage("platform:read", `/tenants/${id}/usage`);
  const tenant = await loadTenant(id);
  const base = `/tenants/${encodeURIComponent(tenant.id)}/usage`;
  return (
    <UsageExplorer
      dataUrl={`${base}/data`}
      csvUrl={`${base}/csv`}
      emptyHint={<>Usage reported by {tenant.name}&apos;s software (POST /api/v1/usage with one of its keys) and its data-plane requests show up here within seconds.</>}
    />
  );
}
