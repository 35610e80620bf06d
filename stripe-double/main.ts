// `npm run stripe:double`: the Stripe double on its own (port STRIPE_DOUBLE_PORT, default 12111).
// Point Tenantry at it with STRIPE_API_BASE=http://127.0.0.1:12111 and any sk_test_… key; hosted
// pages send webhooks to STRIPE_DOUBLE_WEBHOOK_URL signed with STRIPE_WEBHOOK_SECRET.
import { startStripeDouble } from "./server";

const d = await startStripeDouble({ port: Number(process.env.STRIPE_DOUBLE_PORT || 12111), host: process.env.STRIPE_DOUBLE_HOST || "127.0.0.1" });
console.log(`Stripe double listening on ${d.url}`);
console.log(`  STRIPE_API_BASE=${d.url} STRIPE_SECRET_KEY=sk_test_double`);
console.log(`  webhooks → ${d.state().webhook_url ?? "(none: set STRIPE_DOUBLE_WEBHOOK_URL or POST /__double/config)"}`);
const stop = () => void d.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
