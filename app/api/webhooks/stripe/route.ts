// Stripe's signed events. The signature is computed over the exact bytes Stripe sent, so the body is
// read as text, never parsed and re-serialised before lib/billing checks it.
import { handleStripeWebhook } from "@/lib/billing/webhooks";
import { jsonResponse } from "@/lib/http/route";
import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

const MAX_BYTES = 1024 * 1024;

export async function POST(req: Request): Promise<Response> {
  try {
    const length = Number(req.headers.get("content-length") ?? 0);
    const body = await req.text();
    if (length > MAX_BYTES || Buffer.byteLength(body) > MAX_BYTES) {
      const { payloadTooLarge } = await import("@/lib/errors");
      throw payloadTooLarge();
    }
    const r = await handleStripeWebhook(body, req.headers.get("stripe-signature"));
    return jsonResponse({ received: true, id: r.id, outcome: r.outcome });
  } catch (e) {
    return problemResponse(e);
  }
}
