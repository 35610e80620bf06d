// A local HTTP double of the Stripe API endpoints Tenantry uses, for tests, e2e and benches: the real
// `stripe` SDK talks to it through STRIPE_API_BASE. It checks parameters as Stripe does (unknown or
// missing → 400 with Stripe's error shape), honours Idempotency-Key, keeps state in memory, can be made
// to fail (/__double/fail) or slow (/__double/latency), serves the hosted Checkout, Billing Portal and
// invoice pages, and sends signed webhooks (Stripe's v1 signature scheme) to a configured URL.
// Only node: modules: it must run anywhere the tests do.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { checkObject, ParamError, parseForm, type Obj, type Spec, type Value } from "./form";

export interface StripeDoubleOptions {
  port?: number;
  host?: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

type Json = Record<string, unknown>;

interface Failure {
  path: string;
  method?: string;
  status: number;
  remaining: number;
  /** sent with the injected error, e.g. Retry-After or Stripe-Should-Retry */
  headers?: Record<string, string>;
}

interface MeterEventRec {
  identifier: string;
  event_name: string;
  customer: string;
  value: number;
  timestamp: number;
  created: number;
}

export interface DoubleState {
  products: Map<string, Json>;
  prices: Map<string, Json>;
  meters: Map<string, Json>;
  customers: Map<string, Json>;
  subscriptions: Map<string, Json>;
  checkoutSessions: Map<string, Json>;
  portalSessions: Map<string, Json>;
  invoices: Map<string, Json>;
  meterEvents: Map<string, MeterEventRec>;
  /** meter events refused as duplicates of an earlier identifier (acknowledged, not counted) */
  duplicateMeterEvents: number;
  webhooksSent: { id: string; type: string; status: number | null; error?: string }[];
  requests: number;
  inFlight: number;
  maxInFlight: number;
  injected: number;
}

const EXPAND = { expand: ["string"] as [Spec] };
const LIST = { limit: "int", starting_after: "string", ending_before: "string", ...EXPAND } as const;
const METADATA = "map" as const;
const DAY = 86_400;

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function addMonth(ts: number): number {
  const d = new Date(ts * 1000);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return Math.floor(d.getTime() / 1000);
}

class StripeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = "invalid_request_error",
    readonly param?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const missing = (what: string, id: string, param = "id") => new StripeError(404, `No such ${what}: '${id}'`, "invalid_request_error", param, "resource_missing");

export function signPayload(payload: string, secret: string, timestamp = now()): string {
  const sig = crypto.createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${sig}`;
}

export function createDouble(opts: StripeDoubleOptions = {}) {
  let baseUrl = "";
  let webhookUrl = opts.webhookUrl ?? process.env.STRIPE_DOUBLE_WEBHOOK_URL ?? "";
  let webhookSecret = opts.webhookSecret ?? process.env.STRIPE_DOUBLE_WEBHOOK_SECRET ?? process.env.STRIPE_WEBHOOK_SECRET ?? "";
  const state: DoubleState = {
    products: new Map(),
    prices: new Map(),
    meters: new Map(),
    customers: new Map(),
    subscriptions: new Map(),
    checkoutSessions: new Map(),
    portalSessions: new Map(),
    invoices: new Map(),
    meterEvents: new Map(),
    duplicateMeterEvents: 0,
    webhooksSent: [],
    requests: 0,
    inFlight: 0,
    maxInFlight: 0,
    injected: 0,
  };
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string } | "pending">();
  let failures: Failure[] = [];
  let latency: { path: string; ms: number }[] = [];
  let seq = 0;
  const newId = (prefix: string) => `${prefix}_${(++seq).toString(36).padStart(6, "0")}${crypto.randomBytes(6).toString("hex")}`;

  // ── objects ────────────────────────────────────────────────────────────────────────────────────
  function list(all: Json[], q: Obj, url: string) {
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 10)));
    let start = 0;
    if (typeof q.starting_after === "string") {
      const i = all.findIndex((x) => x.id === q.starting_after);
      start = i < 0 ? 0 : i + 1;
    }
    const data = all.slice(start, start + limit);
    return { object: "list", data, has_more: start + limit < all.length, url };
  }
  // Newest first, like Stripe's lists.
  const newestFirst = (m: Map<string, Json>) => [...m.values()].reverse();

  function priceOf(id: Value | undefined, param: string): Json {
    const p = typeof id === "string" ? state.prices.get(id) : undefined;
    if (!p) throw missing("price", String(id), param);
    if (!p.active) throw new StripeError(400, `The price specified is inactive. This field only accepts active prices.`, "invalid_request_error", param);
    return p;
  }

  function customerOf(id: Value | undefined, param = "customer"): Json {
    const c = typeof id === "string" ? state.customers.get(id) : undefined;
    if (!c || c.deleted) throw missing("customer", String(id), param);
    return c;
  }

  function makeItem(subId: string, price: Json, quantity: Value | undefined, param: string, start: number, end: number): Json {
    const metered = (price.recurring as Json | null)?.usage_type === "metered";
    if (metered && quantity !== undefined) {
      throw new StripeError(400, "Quantity should not be specified where usage_type is `metered`. Remove quantity from the request.", "invalid_request_error", `${param}[quantity]`);
    }
    if (!price.recurring) throw new StripeError(400, `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, "invalid_request_error", `${param}[price]`);
    return {
      id: newId("si"),
      object: "subscription_item",
      created: now(),
      current_period_start: start,
      current_period_end: end,
      metadata: {},
      price,
      plan: { id: price.id, object: "plan", usage_type: (price.recurring as Json).usage_type },
      ...(metered ? {} : { quantity: Number(quantity ?? 1) }),
      subscription: subId,
    };
  }

  function subscriptionItems(sub: Json): Json[] {
    return ((sub.items as Json).data as Json[]);
  }

  function setItems(sub: Json, items: Json[]) {
    sub.items = { object: "list", data: items, has_more: false, url: `/v1/subscription_items?subscription=${sub.id}` };
  }

  function invoiceFor(sub: Json, reason: string): Json {
    const items = subscriptionItems(sub);
    const amount = items.reduce((s, it) => {
      const price = it.price as Json;
      return (price.recurring as Json).usage_type === "metered" ? s : s + Number(price.unit_amount ?? 0) * Number(it.quantity ?? 1);
    }, 0);
    const id = newId("in");
    const paid = amount === 0;
    const inv: Json = {
      id,
      object: "invoice",
      number: `DBL-${String(state.invoices.size + 1).padStart(4, "0")}`,
      customer: sub.customer,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
      subscription: sub.id,
      status: paid ? "paid" : "open",
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      currency: (items[0]?.price as Json | undefined)?.currency ?? "usd",
      billing_reason: reason,
      hosted_invoice_url: `${baseUrl}/invoice/${id}`,
      created: now(),
      period_start: (items[0]?.current_period_start as number) ?? now(),
      period_end: (items[0]?.current_period_end as number) ?? now(),
      livemode: false,
    };
    state.invoices.set(id, inv);
    sub.latest_invoice = id;
    return inv;
  }

  function newSubscription(customer: string, items: Obj[], body: Obj): Json {
    const id = newId("sub");
    const start = now();
    const trialDays = body.trial_period_days !== undefined ? Number(body.trial_period_days) : 0;
    const end = trialDays > 0 ? start + trialDays * DAY : addMonth(start);
    const sub: Json = {
      id,
      object: "subscription",
      customer,
      status: trialDays > 0 ? "trialing" : "active",
      created: start,
      start_date: start,
      billing_cycle_anchor: start,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      collection_method: body.collection_method ?? "charge_automatically",
      days_until_due: body.days_until_due !== undefined ? Number(body.days_until_due) : null,
      currency: "usd",
      latest_invoice: null,
      livemode: false,
      metadata: (body.metadata as Obj) ?? {},
      trial_start: trialDays > 0 ? start : null,
      trial_end: trialDays > 0 ? end : null,
    };
    setItems(sub, items.map((it, i) => makeItem(id, priceOf(it.price, `items[${i}][price]`), it.quantity, `items[${i}]`, start, end)));
    sub.currency = (subscriptionItems(sub)[0]?.price as Json | undefined)?.currency ?? "usd";
    state.subscriptions.set(id, sub);
    invoiceFor(sub, "subscription_create");
    return sub;
  }

  // ── webhooks ───────────────────────────────────────────────────────────────────────────────────
  async function emit(type: string, object: Json, previous?: Json): Promise<{ id: string; status: number | null }> {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: now(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
    };
    const rec = { id: event.id, type, status: null as number | null, error: undefined as string | undefined };
    state.webhooksSent.push(rec);
    if (!webhookUrl || !webhookSecret) {
      rec.error = "no webhook URL/secret configured";
      return rec;
    }
    const payload = JSON.stringify(event);
    try {
      const res = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json", "stripe-signature": signPayload(payload, webhookSecret) },
        body: payload,
      });
      rec.status = res.status;
      await res.text();
    } catch (e) {
      rec.error = e instanceof Error ? e.message : String(e);
    }
    return rec;
  }

  // ── routes ─────────────────────────────────────────────────────────────────────────────────────
  type Handler = (p: { body: Obj; q: Obj; params: string[]; path: string }) => Json | Promise<Json>;
  const routes: { method: string; re: RegExp; spec: { [k: string]: Spec } | null; handler: Handler }[] = [];
  const route = (method: string, pattern: string, spec: { [k: string]: Spec } | null, handler: Handler) => {
    routes.push({ method, re: new RegExp(`^${pattern.replace(/:[a-z_]+/g, "([^/]+)")}$`), spec, handler });
  };

  route("GET", "/v1/account", EXPAND, () => ({ id: "acct_double", object: "account", livemode: false, country: "US", default_currency: "usd" }));

  // products
  const productSpec = { name: "string", active: "bool", description: "string", metadata: METADATA, ...EXPAND } as const;
  route("POST", "/v1/products", { ...productSpec, "name!": "string", id: "string" }, ({ body }) => {
    const id = (body.id as string) || newId("prod");
    if (state.products.has(id)) throw new StripeError(400, `Product already exists.`, "invalid_request_error", "id", "resource_already_exists");
    const p = { id, object: "product", active: body.active !== "false", name: body.name, description: body.description ?? null, metadata: body.metadata ?? {}, created: now(), updated: now(), livemode: false };
    state.products.set(id, p);
    return p;
  });
  route("POST", "/v1/products/:id", productSpec, ({ body, params }) => {
    const p = state.products.get(params[0]);
    if (!p) throw missing("product", params[0]);
    if (body.name !== undefined) p.name = body.name;
    if (body.description !== undefined) p.description = body.description;
    if (body.active !== undefined) p.active = body.active === "true";
    if (body.metadata !== undefined) p.metadata = { ...(p.metadata as Json), ...(body.metadata as Obj) };
    p.updated = now();
    return p;
  });
  route("GET", "/v1/products/:id", EXPAND, ({ params }) => state.products.get(params[0]) ?? (() => { throw missing("product", params[0]); })());
  route("GET", "/v1/products", { ...LIST, active: "bool" }, ({ q }) =>
    list(newestFirst(state.products).filter((p) => q.active === undefined || String(p.active) === q.active), q, "/v1/products"),
  );

  // prices
  const recurringSpec = { "interval!": { enum: ["day", "week", "month", "year"] }, interval_count: "int", usage_type: { enum: ["licensed", "metered"] }, meter: "string" } as const;
  route(
    "POST",
    "/v1/prices",
    {
      "currency!": "string",
      product: "string",
      unit_amount: "int",
      unit_amount_decimal: "num",
      recurring: recurringSpec,
      metadata: METADATA,
      nickname: "string",
      lookup_key: "string",
      transfer_lookup_key: "bool",
      billing_scheme: { enum: ["per_unit", "tiered"] },
      tax_behavior: { enum: ["exclusive", "inclusive", "unspecified"] },
      active: "bool",
      ...EXPAND,
    },
    ({ body }) => {
      if (!body.product) throw new StripeError(400, "Missing required param: product.", "invalid_request_error", "product", "parameter_missing");
      if (!state.products.has(body.product as string)) throw missing("product", body.product as string, "product");
      if (body.unit_amount === undefined && body.unit_amount_decimal === undefined) {
        throw new StripeError(400, "Missing required param: unit_amount.", "invalid_request_error", "unit_amount", "parameter_missing");
      }
      const rec = body.recurring as Obj | undefined;
      if (rec?.usage_type === "metered" && !rec.meter) {
        throw new StripeError(400, "Missing required param: recurring[meter].", "invalid_request_error", "recurring[meter]", "parameter_missing");
      }
      if (rec?.meter && !state.meters.has(rec.meter as string)) throw missing("billing meter", rec.meter as string, "recurring[meter]");
      if (body.lookup_key) {
        for (const p of state.prices.values()) {
          if (p.lookup_key === body.lookup_key) {
            if (body.transfer_lookup_key === "true") p.lookup_key = null;
            else throw new StripeError(400, `A price (\`${p.id}\`) already uses that lookup key.`, "invalid_request_error", "lookup_key");
          }
        }
      }
      const id = newId("price");
      const p: Json = {
        id,
        object: "price",
        active: body.active !== "false",
        currency: String(body.currency).toLowerCase(),
        product: body.product,
        unit_amount: body.unit_amount !== undefined ? Number(body.unit_amount) : null,
        unit_amount_decimal: (body.unit_amount_decimal as string) ?? String(body.unit_amount),
        recurring: rec ? { interval: rec.interval, interval_count: Number(rec.interval_count ?? 1), usage_type: rec.usage_type ?? "licensed", meter: rec.meter ?? null } : null,
        type: rec ? "recurring" : "one_time",
        billing_scheme: "per_unit",
        lookup_key: body.lookup_key ?? null,
        nickname: body.nickname ?? null,
        metadata: body.metadata ?? {},
        created: now(),
        livemode: false,
      };
      state.prices.set(id, p);
      return p;
    },
  );
  route("POST", "/v1/prices/:id", { active: "bool", metadata: METADATA, nickname: "string", lookup_key: "string", transfer_lookup_key: "bool", ...EXPAND }, ({ body, params }) => {
    const p = state.prices.get(params[0]);
    if (!p) throw missing("price", params[0]);
    if (body.active !== undefined) p.active = body.active === "true";
    if (body.nickname !== undefined) p.nickname = body.nickname;
    if (body.lookup_key !== undefined) p.lookup_key = body.lookup_key || null;
    if (body.metadata !== undefined) p.metadata = { ...(p.metadata as Json), ...(body.metadata as Obj) };
    return p;
  });
  route("GET", "/v1/prices/:id", EXPAND, ({ params }) => state.prices.get(params[0]) ?? (() => { throw missing("price", params[0]); })());
  route("GET", "/v1/prices", { ...LIST, product: "string", active: "bool", lookup_keys: ["string"], type: "string" }, ({ q }) =>
    list(
      newestFirst(state.prices).filter(
        (p) =>
          (q.product === undefined || p.product === q.product) &&
          (q.active === undefined || String(p.active) === q.active) &&
          (q.lookup_keys === undefined || (q.lookup_keys as string[]).includes(p.lookup_key as string)),
      ),
      q,
      "/v1/prices",
    ),
  );

  // billing meters
  route(
    "POST",
    "/v1/billing/meters",
    {
      "display_name!": "string",
      "event_name!": "string",
      "default_aggregation!": { "formula!": { enum: ["sum", "count", "last"] } },
      customer_mapping: { "event_payload_key!": "string", "type!": { enum: ["by_id"] } },
      value_settings: { "event_payload_key!": "string" },
      event_time_window: { enum: ["day", "hour"] },
      ...EXPAND,
    },
    ({ body }) => {
      for (const m of state.meters.values()) {
        if (m.event_name === body.event_name && m.status === "active") {
          throw new StripeError(400, `An active meter with event_name \`${body.event_name}\` already exists.`, "invalid_request_error", "event_name");
        }
      }
      const id = newId("mtr");
      const m = {
        id,
        object: "billing.meter",
        display_name: body.display_name,
        event_name: body.event_name,
        default_aggregation: body.default_aggregation,
        customer_mapping: body.customer_mapping ?? { event_payload_key: "stripe_customer_id", type: "by_id" },
        value_settings: body.value_settings ?? { event_payload_key: "value" },
        event_time_window: body.event_time_window ?? null,
        status: "active",
        status_transitions: { deactivated_at: null },
        created: now(),
        updated: now(),
        livemode: false,
      };
      state.meters.set(id, m);
      return m;
    },
  );
  route("GET", "/v1/billing/meters/:id", EXPAND, ({ params }) => state.meters.get(params[0]) ?? (() => { throw missing("billing meter", params[0]); })());
  route("GET", "/v1/billing/meters", { ...LIST, status: { enum: ["active", "inactive"] } }, ({ q }) =>
    list(newestFirst(state.meters).filter((m) => q.status === undefined || m.status === q.status), q, "/v1/billing/meters"),
  );
  route(
    "GET",
    "/v1/billing/meters/:id/event_summaries",
    { ...LIST, "customer!": "string", "start_time!": "int", "end_time!": "int", value_grouping_window: { enum: ["day", "hour"] } },
    ({ q, params }) => {
      const m = state.meters.get(params[0]);
      if (!m) throw missing("billing meter", params[0]);
      const start = Number(q.start_time);
      const end = Number(q.end_time);
      if (end <= start) throw new StripeError(400, "end_time must be after start_time.", "invalid_request_error", "end_time");
      const events = [...state.meterEvents.values()]
        .filter((e) => e.event_name === m.event_name && e.customer === q.customer && e.timestamp >= start && e.timestamp < end)
        .sort((a, b) => a.timestamp - b.timestamp || a.created - b.created);
      const formula = (m.default_aggregation as Json).formula;
      const value = formula === "count" ? events.length : formula === "last" ? (events.at(-1)?.value ?? 0) : events.reduce((s, e) => s + e.value, 0);
      const summary = { id: newId("mtrusg"), object: "billing.meter_event_summary", aggregated_value: value, start_time: start, end_time: end, meter: m.id, livemode: false };
      return { object: "list", data: [summary], has_more: false, url: `/v1/billing/meters/${m.id}/event_summaries` };
    },
  );
  route("POST", "/v1/billing/meter_events", { "event_name!": "string", "payload!": "map", identifier: "string", timestamp: "int", ...EXPAND }, ({ body }) => {
    const meter = [...state.meters.values()].find((m) => m.event_name === body.event_name && m.status === "active");
    const payload = body.payload as Obj;
    if (!meter) throw new StripeError(400, `No active meter was found for event_name \`${body.event_name}\`.`, "invalid_request_error", "event_name");
    const customerKey = (meter.customer_mapping as Json).event_payload_key as string;
    const valueKey = (meter.value_settings as Json).event_payload_key as string;
    const customer = payload[customerKey];
    if (typeof customer !== "string" || !customer) throw new StripeError(400, `Missing required param: payload[${customerKey}].`, "invalid_request_error", `payload[${customerKey}]`, "parameter_missing");
    customerOf(customer, `payload[${customerKey}]`);
    const raw = payload[valueKey];
    if (typeof raw !== "string" || !/^-?\d+(\.\d+)?$/.test(raw)) {
      throw new StripeError(400, `Invalid payload[${valueKey}]: must be a number.`, "invalid_request_error", `payload[${valueKey}]`);
    }
    const identifier = (body.identifier as string) || newId("mev");
    if (identifier.length > 100) throw new StripeError(400, "identifier must be at most 100 characters.", "invalid_request_error", "identifier");
    const ts = body.timestamp !== undefined ? Number(body.timestamp) : now();
    const t = now();
    if (ts < t - 35 * DAY) throw new StripeError(400, "Timestamp must be within the past 35 calendar days.", "invalid_request_error", "timestamp", "timestamp_too_far_in_past");
    if (ts > t + 300) throw new StripeError(400, "Timestamp must be no more than 5 minutes in the future.", "invalid_request_error", "timestamp", "timestamp_in_future");
    // Stripe deduplicates identifiers asynchronously (an error report later, not a 4xx now): the
    // request succeeds and the duplicate is not counted.
    if (state.meterEvents.has(identifier)) state.duplicateMeterEvents++;
    else state.meterEvents.set(identifier, { identifier, event_name: body.event_name as string, customer, value: Number(raw), timestamp: ts, created: t });
    return { object: "billing.meter_event", event_name: body.event_name, identifier, payload, timestamp: ts, created: t, livemode: false };
  });

  // customers
  const customerSpec = { name: "string", email: "string", description: "string", phone: "string", metadata: METADATA, ...EXPAND } as const;
  route("POST", "/v1/customers", customerSpec, ({ body }) => {
    const id = newId("cus");
    const c = { id, object: "customer", name: body.name ?? null, email: body.email ?? null, description: body.description ?? null, metadata: body.metadata ?? {}, created: now(), livemode: false };
    state.customers.set(id, c);
    return c;
  });
  route("POST", "/v1/customers/:id", customerSpec, ({ body, params }) => {
    const c = customerOf(params[0], "id");
    for (const k of ["name", "email", "description", "phone"]) if (body[k] !== undefined) c[k] = body[k];
    if (body.metadata !== undefined) c.metadata = { ...(c.metadata as Json), ...(body.metadata as Obj) };
    return c;
  });
  route("GET", "/v1/customers/:id", EXPAND, ({ params }) => customerOf(params[0], "id"));
  route("GET", "/v1/customers", { ...LIST, email: "string" }, ({ q }) => list(newestFirst(state.customers).filter((c) => q.email === undefined || c.email === q.email), q, "/v1/customers"));

  // subscriptions
  const itemSpec = { price: "string", quantity: "int", metadata: METADATA } as const;
  route(
    "POST",
    "/v1/subscriptions",
    {
      "customer!": "string",
      "items!": [{ ...itemSpec, "price!": "string" }],
      metadata: METADATA,
      collection_method: { enum: ["charge_automatically", "send_invoice"] },
      days_until_due: "int",
      payment_behavior: { enum: ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] },
      proration_behavior: { enum: ["always_invoice", "create_prorations", "none"] },
      trial_period_days: "int",
      description: "string",
      ...EXPAND,
    },
    ({ body }) => {
      customerOf(body.customer);
      if (body.collection_method === "send_invoice" && body.days_until_due === undefined) {
        throw new StripeError(400, "Missing required param: days_until_due.", "invalid_request_error", "days_until_due", "parameter_missing");
      }
      return newSubscription(body.customer as string, body.items as Obj[], body);
    },
  );
  route(
    "POST",
    "/v1/subscriptions/:id",
    {
      items: [{ ...itemSpec, id: "string", deleted: "bool", clear_usage: "bool" }],
      metadata: METADATA,
      proration_behavior: { enum: ["always_invoice", "create_prorations", "none"] },
      payment_behavior: { enum: ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] },
      cancel_at_period_end: "bool",
      collection_method: { enum: ["charge_automatically", "send_invoice"] },
      days_until_due: "int",
      description: "string",
      ...EXPAND,
    },
    ({ body, params }) => {
      const sub = state.subscriptions.get(params[0]);
      if (!sub) throw missing("subscription", params[0]);
      if (sub.status === "canceled") throw new StripeError(400, "A canceled subscription can only update its cancellation_details and metadata.", "invalid_request_error");
      let items = [...subscriptionItems(sub)];
      const first = items[0] ?? { current_period_start: now(), current_period_end: addMonth(now()) };
      ((body.items as Obj[] | undefined) ?? []).forEach((it, i) => {
        if (it.id) {
          const idx = items.findIndex((x) => x.id === it.id);
          if (idx < 0) throw missing("subscription item", it.id as string, `items[${i}][id]`);
          if (it.deleted === "true") {
            items.splice(idx, 1);
            return;
          }
          if (it.price) {
            const price = priceOf(it.price, `items[${i}][price]`);
            const replaced = makeItem(sub.id as string, price, it.quantity, `items[${i}]`, first.current_period_start as number, first.current_period_end as number);
            items[idx] = { ...replaced, id: items[idx].id };
          } else if (it.quantity !== undefined) items[idx] = { ...items[idx], quantity: Number(it.quantity) };
        } else {
          if (!it.price) throw new StripeError(400, `Missing required param: items[${i}][price].`, "invalid_request_error", `items[${i}][price]`, "parameter_missing");
          const price = priceOf(it.price, `items[${i}][price]`);
          if (items.some((x) => (x.price as Json).id === price.id)) {
            throw new StripeError(400, `Cannot add multiple subscription items with the same price: ${price.id}`, "invalid_request_error", `items[${i}][price]`);
          }
          items.push(makeItem(sub.id as string, price, it.quantity, `items[${i}]`, first.current_period_start as number, first.current_period_end as number));
        }
      });
      items = items.filter(Boolean);
      setItems(sub, items);
      if (body.metadata !== undefined) sub.metadata = { ...(sub.metadata as Json), ...(body.metadata as Obj) };
      if (body.cancel_at_period_end !== undefined) sub.cancel_at_period_end = body.cancel_at_period_end === "true";
      if (body.collection_method !== undefined) sub.collection_method = body.collection_method;
      if (body.days_until_due !== undefined) sub.days_until_due = Number(body.days_until_due);
      return sub;
    },
  );
  route("GET", "/v1/subscriptions/:id", EXPAND, ({ params }) => state.subscriptions.get(params[0]) ?? (() => { throw missing("subscription", params[0]); })());
  route("GET", "/v1/subscriptions", { ...LIST, customer: "string", status: "string", price: "string" }, ({ q }) =>
    list(
      newestFirst(state.subscriptions).filter(
        (s) => (q.customer === undefined || s.customer === q.customer) && (q.status === undefined || q.status === "all" ? s.status !== "canceled" || q.status === "all" : s.status === q.status),
      ),
      q,
      "/v1/subscriptions",
    ),
  );
  route("DELETE", "/v1/subscriptions/:id", { invoice_now: "bool", prorate: "bool", ...EXPAND }, ({ params }) => {
    const sub = state.subscriptions.get(params[0]);
    if (!sub) throw missing("subscription", params[0]);
    sub.status = "canceled";
    sub.canceled_at = sub.ended_at = now();
    return sub;
  });

  // checkout and billing portal
  route(
    "POST",
    "/v1/checkout/sessions",
    {
      "mode!": { enum: ["payment", "setup", "subscription"] },
      customer: "string",
      customer_email: "string",
      client_reference_id: "string",
      line_items: [{ price: "string", quantity: "int" }],
      success_url: "string",
      cancel_url: "string",
      metadata: METADATA,
      subscription_data: { metadata: METADATA, trial_period_days: "int", description: "string" },
      allow_promotion_codes: "bool",
      ...EXPAND,
    },
    ({ body }) => {
      if (body.customer) customerOf(body.customer);
      if (!body.success_url) throw new StripeError(400, "Missing required param: success_url.", "invalid_request_error", "success_url", "parameter_missing");
      const lines = (body.line_items as Obj[] | undefined) ?? [];
      if (body.mode === "subscription" && lines.length === 0) throw new StripeError(400, "Missing required param: line_items.", "invalid_request_error", "line_items", "parameter_missing");
      lines.forEach((l, i) => {
        const price = priceOf(l.price, `line_items[${i}][price]`);
        if ((price.recurring as Json | null)?.usage_type === "metered" && l.quantity !== undefined) {
          throw new StripeError(400, "Quantity should not be specified where usage_type is `metered`.", "invalid_request_error", `line_items[${i}][quantity]`);
        }
      });
      const id = newId("cs_test");
      const s = {
        id,
        object: "checkout.session",
        mode: body.mode,
        customer: body.customer ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        subscription_data: body.subscription_data ?? null,
        line_items_input: lines,
        success_url: body.success_url,
        cancel_url: body.cancel_url ?? null,
        status: "open",
        payment_status: "unpaid",
        subscription: null,
        url: `${baseUrl}/checkout/${id}`,
        created: now(),
        expires_at: now() + DAY,
        livemode: false,
      };
      state.checkoutSessions.set(id, s);
      return s;
    },
  );
  route("GET", "/v1/checkout/sessions/:id", EXPAND, ({ params }) => state.checkoutSessions.get(params[0]) ?? (() => { throw missing("checkout session", params[0]); })());
  route("POST", "/v1/billing_portal/sessions", { "customer!": "string", return_url: "string", configuration: "string", locale: "string", ...EXPAND }, ({ body }) => {
    customerOf(body.customer);
    const id = newId("bps");
    const s = { id, object: "billing_portal.session", customer: body.customer, return_url: body.return_url ?? null, url: `${baseUrl}/portal/${id}`, created: now(), livemode: false };
    state.portalSessions.set(id, s);
    return s;
  });

  // invoices
  route("GET", "/v1/invoices", { ...LIST, customer: "string", subscription: "string", status: { enum: ["draft", "open", "paid", "uncollectible", "void"] } }, ({ q }) =>
    list(
      newestFirst(state.invoices).filter(
        (i) => (q.customer === undefined || i.customer === q.customer) && (q.subscription === undefined || i.subscription === q.subscription) && (q.status === undefined || i.status === q.status),
      ),
      q,
      "/v1/invoices",
    ),
  );
  route("GET", "/v1/invoices/:id", EXPAND, ({ params }) => state.invoices.get(params[0]) ?? (() => { throw missing("invoice", params[0]); })());

  // ── hosted pages and test controls ─────────────────────────────────────────────────────────────
  async function completeCheckout(id: string): Promise<string> {
    const s = state.checkoutSessions.get(id);
    if (!s) throw missing("checkout session", id);
    if (s.status !== "open") return s.success_url as string;
    let customer = s.customer as string | null;
    if (!customer) {
      customer = newId("cus");
      state.customers.set(customer, { id: customer, object: "customer", name: null, email: null, metadata: {}, created: now(), livemode: false });
    }
    const lines = s.line_items_input as Obj[];
    const sub = newSubscription(customer, lines, { metadata: ((s.subscription_data as Obj | null)?.metadata as Obj) ?? (s.metadata as Obj) ?? {} });
    const inv = state.invoices.get(sub.latest_invoice as string);
    if (inv && inv.status === "open") Object.assign(inv, { status: "paid", amount_paid: inv.amount_due, amount_remaining: 0 });
    Object.assign(s, { status: "complete", payment_status: "paid", subscription: sub.id, customer });
    await emit("checkout.session.completed", s);
    await emit("customer.subscription.updated", sub);
    if (inv) await emit("invoice.paid", inv);
    return String(s.success_url).replace("{CHECKOUT_SESSION_ID}", id);
  }

  async function setSubscriptionStatus(id: string, status: string): Promise<Json> {
    const sub = state.subscriptions.get(id);
    if (!sub) throw missing("subscription", id);
    const previous = { status: sub.status };
    sub.status = status;
    if (status === "canceled") sub.canceled_at = sub.ended_at = now();
    await emit(status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated", sub, previous);
    return sub;
  }

  async function payInvoice(id: string, outcome: "paid" | "failed"): Promise<Json> {
    const inv = state.invoices.get(id);
    if (!inv) throw missing("invoice", id);
    const sub = state.subscriptions.get(inv.subscription as string);
    if (outcome === "paid") {
      Object.assign(inv, { status: "paid", amount_paid: inv.amount_due, amount_remaining: 0 });
      await emit("invoice.paid", inv);
      if (sub && sub.status !== "active" && sub.status !== "canceled") await setSubscriptionStatus(sub.id as string, "active");
    } else {
      Object.assign(inv, { status: "open", attempt_count: Number(inv.attempt_count ?? 0) + 1 });
      await emit("invoice.payment_failed", inv);
      if (sub && sub.status === "active") await setSubscriptionStatus(sub.id as string, "past_due");
    }
    return inv;
  }

  const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>body{font:15px system-ui,sans-serif;max-width:40rem;margin:3rem auto;color:#1a1f36}button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-size:15px;cursor:pointer}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e8ee;padding:.4rem;text-align:left}.note{color:#697386;font-size:13px}</style></head><body><p class="note">Stripe test double</p>${body}</body></html>`;
  const fmt = (amount: unknown, currency: unknown) => `${(Number(amount ?? 0) / 100).toFixed(2)} ${String(currency ?? "usd").toUpperCase()}`;

  async function hosted(req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<boolean> {
    let m: RegExpExecArray | null;
    const html = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
      res.end(body);
    };
    if ((m = /^\/checkout\/([^/]+)$/.exec(path)) && req.method === "GET") {
      const s = state.checkoutSessions.get(m[1]);
      if (!s) return html(404, page("Not found", "<h1>This checkout session does not exist.</h1>")), true;
      const rows = (s.line_items_input as Obj[])
        .map((l) => {
          const p = state.prices.get(l.price as string);
          const prod = state.products.get(p?.product as string);
          const metered = (p?.recurring as Json | null)?.usage_type === "metered";
          return `<tr><td>${esc(prod?.name ?? p?.id)}</td><td>${metered ? `metered: ${esc(p?.unit_amount_decimal)} ${esc(p?.currency)} (minor units) per unit` : `${fmt(p?.unit_amount, p?.currency)} / ${esc((p?.recurring as Json | null)?.interval ?? "once")}`}</td></tr>`;
        })
        .join("");
      html(
        200,
        page(
          "Checkout",
          `<h1>Subscribe</h1><table>${rows}</table>${s.status === "open" ? `<form method="post" action="/checkout/${esc(s.id)}/pay"><p><button type="submit">Pay and subscribe</button></p></form>` : "<p>This session is complete.</p>"}${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">Cancel</a></p>` : ""}`,
        ),
      );
      return true;
    }
    if ((m = /^\/checkout\/([^/]+)\/pay$/.exec(path)) && req.method === "POST") {
      const to = await completeCheckout(m[1]);
      res.writeHead(303, { location: to });
      res.end();
      return true;
    }
    if ((m = /^\/portal\/([^/]+)$/.exec(path)) && req.method === "GET") {
      const s = state.portalSessions.get(m[1]);
      if (!s) return html(404, page("Not found", "<h1>This portal session does not exist.</h1>")), true;
      const invoices = newestFirst(state.invoices).filter((i) => i.customer === s.customer);
      const rows = invoices
        .map((i) => `<tr><td>${esc(i.number)}</td><td>${esc(i.status)}</td><td>${fmt(i.amount_due, i.currency)}</td><td><a href="${esc(i.hosted_invoice_url)}">View</a></td></tr>`)
        .join("");
      html(
        200,
        page(
          "Billing portal",
          `<h1>Billing</h1><h2>Invoices</h2>${invoices.length ? `<table><tr><th>Number</th><th>Status</th><th>Amount</th><th></th></tr>${rows}</table>` : "<p>No invoices yet.</p>"}${s.return_url ? `<p><a href="${esc(s.return_url)}">Return</a></p>` : ""}`,
        ),
      );
      return true;
    }
    if ((m = /^\/invoice\/([^/]+)$/.exec(path)) && req.method === "GET") {
      const i = state.invoices.get(m[1]);
      if (!i) return html(404, page("Not found", "<h1>This invoice does not exist.</h1>")), true;
      html(
        200,
        page(
          `Invoice ${String(i.number)}`,
          `<h1>Invoice ${esc(i.number)}</h1><p>Status: ${esc(i.status)}</p><p>Amount due: ${fmt(i.amount_due, i.currency)}</p>${i.status === "open" ? `<form method="post" action="/invoice/${esc(i.id)}/pay"><button type="submit">Pay invoice</button></form>` : ""}`,
        ),
      );
      return true;
    }
    if ((m = /^\/invoice\/([^/]+)\/pay$/.exec(path)) && req.method === "POST") {
      await payInvoice(m[1], "paid");
      res.writeHead(303, { location: `/invoice/${m[1]}` });
      res.end();
      return true;
    }
    return false;
  }

  function summary() {
    const meterTotals: Record<string, Record<string, number>> = {};
    for (const e of state.meterEvents.values()) {
      const c = (meterTotals[e.customer] ??= {});
      c[e.event_name] = (c[e.event_name] ?? 0) + e.value;
    }
    return {
      counts: {
        products: state.products.size,
        prices: state.prices.size,
        active_prices: [...state.prices.values()].filter((p) => p.active).length,
        meters: state.meters.size,
        customers: state.customers.size,
        subscriptions: state.subscriptions.size,
        checkout_sessions: state.checkoutSessions.size,
        portal_sessions: state.portalSessions.size,
        invoices: state.invoices.size,
        meter_events: state.meterEvents.size,
      },
      meter_totals: meterTotals,
      duplicate_meter_events: state.duplicateMeterEvents,
      webhooks_sent: state.webhooksSent.length,
      requests: state.requests,
      max_in_flight: state.maxInFlight,
      injected_failures: state.injected,
      webhook_url: webhookUrl || null,
    };
  }

  function reset() {
    for (const k of ["products", "prices", "meters", "customers", "subscriptions", "checkoutSessions", "portalSessions", "invoices", "meterEvents"] as const) state[k].clear();
    state.webhooksSent.length = 0;
    state.duplicateMeterEvents = state.requests = state.maxInFlight = state.injected = 0;
    idempotency.clear();
    failures = [];
    latency = [];
  }

  async function admin(req: http.IncomingMessage, res: http.ServerResponse, path: string, raw: string): Promise<void> {
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(v));
    };
    let body: Json = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return json(400, { error: "body must be JSON" });
    }
    try {
      let m: RegExpExecArray | null;
      if (path === "/__double/state") return json(200, summary());
      if (path === "/__double/reset") return reset(), json(200, { ok: true });
      if (path === "/__double/fail") {
        // { path: "/v1/billing/meter_events", method?: "POST", status: 500 | 429, count: 3, headers?: { "retry-after": "1" } }
        const headers = body.headers && typeof body.headers === "object" ? Object.fromEntries(Object.entries(body.headers as Json).map(([k, v]) => [k, String(v)])) : undefined;
        failures.push({ path: String(body.path ?? "/v1/"), method: body.method ? String(body.method).toUpperCase() : undefined, status: Number(body.status ?? 500), remaining: Number(body.count ?? 1), headers });
        return json(200, { failures });
      }
      if (path === "/__double/reset-counters") return (state.requests = state.maxInFlight = 0), json(200, { ok: true });
      if (path === "/__double/clear-failures") return (failures = []), json(200, { failures });
      if (path === "/__double/latency") {
        latency = latency.filter((l) => l.path !== String(body.path));
        if (Number(body.ms) > 0) latency.push({ path: String(body.path ?? "/v1/"), ms: Number(body.ms) });
        return json(200, { latency });
      }
      if (path === "/__double/config") {
        if (typeof body.webhook_url === "string") webhookUrl = body.webhook_url;
        if (typeof body.webhook_secret === "string") webhookSecret = body.webhook_secret;
        return json(200, { webhook_url: webhookUrl || null });
      }
      if ((m = /^\/__double\/subscriptions\/([^/]+)\/status$/.exec(path))) return json(200, await setSubscriptionStatus(m[1], String(body.status)));
      if ((m = /^\/__double\/invoices\/([^/]+)\/(pay|fail)$/.exec(path))) return json(200, await payInvoice(m[1], m[2] === "pay" ? "paid" : "failed"));
      if ((m = /^\/__double\/checkout\/([^/]+)\/complete$/.exec(path))) return json(200, { redirect: await completeCheckout(m[1]) });
      if (path === "/__double/emit") return json(200, await emit(String(body.type), (body.object as Json) ?? {}));
      return json(404, { error: "unknown double control" });
    } catch (e) {
      return json(e instanceof StripeError ? e.status : 500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  function stripeError(res: http.ServerResponse, status: number, err: { type: string; message: string; param?: string; code?: string }, headers: Record<string, string> = {}) {
    const body = JSON.stringify({ error: { type: err.type, message: err.message, ...(err.param ? { param: err.param } : {}), ...(err.code ? { code: err.code } : {}) } });
    res.writeHead(status, { "content-type": "application/json", "request-id": `req_${crypto.randomBytes(7).toString("hex")}`, ...headers });
    res.end(body);
    return body;
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, path: string, query: string, raw: string): Promise<void> {
    const auth = req.headers.authorization ?? "";
    if (!/^Bearer (sk|rk)_(test|live)_\S+$/.test(auth)) {
      stripeError(res, 401, { type: "invalid_request_error", message: "You did not provide a valid API key (Authorization: Bearer sk_test_…)." });
      return;
    }
    const method = req.method ?? "GET";
    const fail = failures.find((f) => path.startsWith(f.path) && (!f.method || f.method === method) && f.remaining > 0);
    if (fail) {
      fail.remaining--;
      state.injected++;
      failures = failures.filter((f) => f.remaining > 0);
      if (fail.status === 429) {
        stripeError(res, 429, { type: "invalid_request_error", code: "rate_limit", message: "Request rate limit exceeded. (injected by the double)" }, fail.headers);
      } else {
        stripeError(res, fail.status, { type: "api_error", message: `An error occurred with our connection to Stripe. (injected ${fail.status} by the double)` }, fail.headers);
      }
      return;
    }
    const r = routes.find((x) => x.method === method && x.re.test(path));
    if (!r) {
      stripeError(res, 404, { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` });
      return;
    }
    const params = r.re.exec(path)!.slice(1).map(decodeURIComponent);
    const key = req.headers["idempotency-key"];
    const idemKey = typeof key === "string" && method === "POST" ? key : null;
    const fingerprint = `${method} ${path} ${raw}`;
    if (idemKey) {
      const prior = idempotency.get(idemKey);
      if (prior === "pending") {
        stripeError(res, 409, { type: "idempotency_error", message: "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through)." });
        return;
      }
      if (prior) {
        if (prior.fingerprint !== fingerprint) {
          stripeError(res, 400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
          });
          return;
        }
        res.writeHead(prior.status, { "content-type": "application/json", "idempotent-replayed": "true" });
        res.end(prior.body);
        return;
      }
      idempotency.set(idemKey, "pending");
    }
    let status = 200;
    let out: string;
    try {
      const q = parseForm(query);
      const body = method === "POST" ? parseForm(raw) : {};
      if (r.spec) checkObject(method === "POST" || method === "DELETE" ? { ...body, ...(method === "DELETE" ? q : {}) } : q, r.spec);
      const delay = latency.find((l) => path.startsWith(l.path));
      if (delay) await new Promise((ok) => setTimeout(ok, delay.ms));
      const result = await r.handler({ body, q, params, path });
      out = JSON.stringify(result);
      res.writeHead(200, { "content-type": "application/json", "request-id": `req_${crypto.randomBytes(7).toString("hex")}` });
      res.end(out);
    } catch (e) {
      if (e instanceof ParamError) {
        status = 400;
        out = stripeError(res, 400, { type: "invalid_request_error", message: e.message, param: e.param, code: e.code });
      } else if (e instanceof StripeError) {
        status = e.status;
        out = stripeError(res, e.status, { type: e.type, message: e.message, param: e.param, code: e.code });
      } else {
        status = 500;
        out = stripeError(res, 500, { type: "api_error", message: `double bug: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    // Stripe keeps the result of a key whatever it was, except server errors (which may be retried).
    if (idemKey) {
      if (status >= 500) idempotency.delete(idemKey);
      else idempotency.set(idemKey, { fingerprint, status, body: out });
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const qi = url.indexOf("?");
      const path = qi < 0 ? url : url.slice(0, qi);
      const query = qi < 0 ? "" : url.slice(qi + 1);
      const isApi = path.startsWith("/v1/");
      if (isApi) {
        state.requests++;
        state.inFlight++;
        state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        res.on("close", () => state.inFlight--);
      }
      const run = async () => {
        if (path.startsWith("/__double/")) return admin(req, res, path, raw);
        if (isApi) return api(req, res, path, query, raw);
        if (req.method === "POST" && raw && (req.headers["content-type"] ?? "").includes("form")) void 0;
        if (await hosted(req, res, path)) return;
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      };
      run().catch((e) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`double error: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
  });
  server.keepAliveTimeout = 30_000;

  return {
    server,
    state,
    summary,
    reset,
    emit,
    setBaseUrl(u: string) {
      baseUrl = u;
    },
    configureWebhooks(url: string, secret: string) {
      webhookUrl = url;
      webhookSecret = secret;
    },
    fail(f: Omit<Failure, "remaining"> & { count?: number }) {
      failures.push({ path: f.path, method: f.method, status: f.status, remaining: f.count ?? 1, headers: f.headers });
    },
    clearFailures() {
      failures = [];
    },
    setLatency(path: string, ms: number) {
      latency = latency.filter((l) => l.path !== path);
      if (ms > 0) latency.push({ path, ms });
    },
    setSubscriptionStatus,
    payInvoice,
    completeCheckout,
  };
}

export type StripeDouble = ReturnType<typeof createDouble>;

export interface RunningDouble {
  url: string;
  close(): Promise<void>;
  /** the totals, counts and controls of the running double */
  state: () => ReturnType<StripeDouble["summary"]>;
  double: StripeDouble;
}

export async function startStripeDouble(opts: StripeDoubleOptions = {}): Promise<RunningDouble> {
  const d = createDouble(opts);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((ok, fail) => {
    d.server.once("error", fail);
    d.server.listen(opts.port ?? 0, host, () => ok());
  });
  const { port } = d.server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  d.setBaseUrl(url);
  return {
    url,
    double: d,
    state: () => d.summary(),
    close: () =>
      new Promise<void>((ok) => {
        d.server.closeAllConnections();
        d.server.close(() => ok());
      }),
  };
}
