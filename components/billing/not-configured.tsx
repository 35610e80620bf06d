import { CreditCard } from "lucide-react";
import { Card } from "../ui/card";
import { EmptyState } from "../empty-state";

/**
 * Billing is off (no STRIPE_SECRET_KEY). Platform staff are told what to set; a tenant's people are
 * only told that there is nothing to pay here.
 */
export function BillingNotConfigured({ audience }: { audience: "console" | "portal" }) {
  return (
    <Card>
      <EmptyState
        icon={<CreditCard />}
        title="Billing is not configured"
        description={
          audience === "console" ? (
            <>
              Set <code className="font-mono text-foreground">STRIPE_SECRET_KEY</code> (and{" "}
              <code className="font-mono text-foreground">STRIPE_WEBHOOK_SECRET</code> for Stripe&apos;s events) and restart Tenantry to bill
              tenants through Stripe. Until then tenants are not charged, and everything else works as usual.
            </>
          ) : (
            "This platform does not bill through Tenantry: there is nothing to pay here. Ask the platform's team about your plan."
          )
        }
      />
    </Card>
  );
}
