import type { Metadata } from "next";
import { CreditCard } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/empty-state";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage() {
  await requireConsolePage("platform:read", "/billing");
  return (
    <>
      <PageHeader title="Billing" description="Subscriptions, invoices and usage-based charges." />
      <Card>
        <EmptyState
          icon={<CreditCard />}
          title="Billing is not configured yet"
          description="Stripe billing arrives in a later release. Until then, tenants are not charged and everything else works as usual."
        />
      </Card>
    </>
  );
}
