import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SuspendedNotice } from "@/components/portal/notices";
import { UsageExplorer } from "@/components/usage/usage-explorer";
import { portalPage } from "../../../_lib/access";

export const metadata: Metadata = { title: "Usage" };

// Read-only: every member of the tenant (and staff viewing as) may see its usage.
export default async function PortalUsagePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { tenant } = await portalPage(slug, `/t/${slug}/usage`, "tenant:read");
  const base = `/t/${tenant.slug}/usage`;
  return (
    <>
      {tenant.status === "suspended" ? <SuspendedNotice /> : null}
      <PageHeader title="Usage" description={`What ${tenant.name} used, by hour or day, against its plan's quotas. Times are UTC.`} />
      <UsageExplorer
        dataUrl={`${base}/data`}
        csvUrl={`${base}/csv`}
        emptyHint="Usage your software reports with an API key (POST /api/v1/usage), and its requests to the data plane, show up here within seconds."
      />
    </>
  );
}
