import { RouteTabs } from "../route-tabs";

const TABS = [
  { href: "/billing", label: "Overview" },
  { href: "/billing/prices", label: "Prices" },
  { href: "/billing/reconciliation", label: "Reconciliation" },
  { href: "/billing/webhooks", label: "Webhook events" },
];

/** The Billing page's sections; each is its own URL. */
export function BillingSettingsTabs() {
  return <RouteTabs tabs={TABS} label="Billing sections" className="mb-5" />;
}
