// What the billing tests import from lib/billing, plus a raw look at a tenant's billing columns.
export * from "@/lib/billing";
import { sql } from "../setup/db";

export interface TenantBillingRow {
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  stripe_item_ids: Record<string, string>;
  billing_status: string;
  billing_grace_ends_at: Date | null;
  billing_suspended_at: Date | null;
  billing_state_at: Date | null;
  billing_error: string | null;
  status: string;
  plan_id: string;
}

export async function tenantBillingRow(id: string): Promise<TenantBillingRow> {
  const [r] = await sql<TenantBillingRow & Record<string, unknown>>(
    `SELECT stripe_customer_id, stripe_subscription_id, stripe_item_ids, billing_status, billing_grace_ends_at, billing_suspended_at,
            billing_state_at, billing_error, status, plan_id FROM tenants WHERE id = $1`,
    [id],
  );
  return r;
}
