import type { Metadata } from "next";
import { requireConsolePage } from "@/lib/auth/session";
import { billingConfig, recentWebhookEvents } from "@/lib/billing";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BillingNotConfigured } from "@/components/billing/not-configured";
import { WebhookEventsTable } from "@/components/billing/webhook-events-table";

export const metadata: Metadata = { title: "Webhook events" };

const LIMIT = 100;

export default async function BillingWebhooksPage() {
  await requireConsolePage("platform:read", "/billing/webhooks");
  if (!billingConfig().enabled) return <BillingNotConfigured audience="console" />;
  const events = await recentWebhookEvents(LIMIT);
  const failed = events.filter((e) => e.outcome === "failed").length;
  return (
    <Card aria-label="Webhook events">
      <CardHeader>
        <div>
          <CardTitle>Recent webhook events</CardTitle>
          <CardDescription>
            The last {LIMIT} events Stripe sent to /api/webhooks/stripe, newest first; each is applied once however often it is delivered.
            {failed ? ` ${failed} failed: Stripe retries them.` : ""}
          </CardDescription>
        </div>
      </CardHeader>
      <WebhookEventsTable events={events} />
    </Card>
  );
}
