// "Is the key right and the API reachable?" for the Billing settings page.
import { billingConfig, stripe } from "./config";
import { stripeErrorMessage } from "./errors";
import type { ConnectionCheck } from "./types";

export async function checkConnection(): Promise<ConnectionCheck> {
  if (!billingConfig().enabled) return { ok: false, error: "Billing is not configured: set STRIPE_SECRET_KEY." };
  try {
    const account = await stripe().accounts.retrieveCurrent();
    return { ok: true, accountId: account.id, livemode: Boolean((account as { livemode?: boolean }).livemode) };
  } catch (e) {
    return { ok: false, error: stripeErrorMessage(e) };
  }
}
