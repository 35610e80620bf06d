import type { WebhookEventRow, WebhookOutcome } from "./types";
/** The route handler's body: verifies the signature on the raw body, stores and applies the event. Throws DomainError invalid (400) on a bad signature. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<{ id: string; outcome: WebhookOutcome }> { void rawBody; void signature; throw new Error("not implemented yet"); }
export async function recentWebhookEvents(limit = 50): Promise<WebhookEventRow[]> { void limit; throw new Error("not implemented yet"); }
