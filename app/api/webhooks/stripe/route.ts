// Stripe's signed events. The signature is computed over the exact bytes Stripe sent, so the body is
// read as text (with the API's 1 MiB limit), never parsed and re-serialised before lib/billing checks it.
import { handleStripeWebhook } from "@/lib/billing/webhooks";
import { readBodyBytes } from "@/lib/http/body";
import { jsonResponse } from "@/lib/http/route";
import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  try {
    const body = (await readBodyBytes(req)).toString("utf8");
    const r = await handleStripeWebhook(body, req.headers.get("stripe-signature"));
    return jsonResponse({ received: true, id: r.id, outcome: r.outcome });
  } catch (e) {
    return problemResponse(e);
  }
}
