export { startStripeDouble, createDouble, signPayload, type RunningDouble, type StripeDouble, type StripeDoubleOptions } from "./server";
