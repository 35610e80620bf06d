// Stripe errors as sentences for people, and the domain errors billing throws.
import { DomainError, paymentRequired } from "../errors";
import { billingConfig } from "./config";

/** "Stripe answered 500: …" / "Stripe could not be reached: …" — what an admin should read. */
export function stripeErrorMessage(e: unknown): string {
  const x = e as { type?: string; statusCode?: number; message?: string; code?: string; raw?: { message?: string } } | null;
  if (!x) return "Unknown Stripe error.";
  if (x.type === "StripeConnectionError") return `Stripe could not be reached (${x.message ?? "connection error"}).`;
  if (x.type === "StripeAuthenticationError") return "Stripe refused the API key (check STRIPE_SECRET_KEY).";
  if (typeof x.statusCode === "number") return `Stripe answered ${x.statusCode}: ${x.raw?.message ?? x.message ?? "no message"}`;
  return x.message ?? String(e);
}

/** Thrown by actions that need Stripe when billing is off. */
export function billingOff(): DomainError {
  return paymentRequired("Billing is not configured: the platform admin has to set STRIPE_SECRET_KEY first.");
}

export function requireBilling(): void {
  if (!billingConfig().enabled) throw billingOff();
}

/** A Stripe failure during an action, as a 409 whose message says why. */
export function stripeFailed(what: string, e: unknown): DomainError {
  return new DomainError("conflict", 409, `${what}: ${stripeErrorMessage(e)}`);
}
