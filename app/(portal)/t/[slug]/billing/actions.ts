"use server";
// The portal's billing actions: start Stripe Checkout for a plan, open Stripe's Billing Portal. Each
// resolves the tenant from the slug it is given and checks the caller's role itself (owners and admins:
// tenant:billing); lib/billing audit-logs the session it creates. On success the browser is sent to
// Stripe; a refusal comes back as the form's message.
import { redirect } from "next/navigation";
import { z } from "zod";
import { parseOrThrow } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/forms/state";
import { publicBaseUrl } from "@/lib/invitations/service";
import { actorOf } from "@/lib/auth/session";
import { createBillingPortalSession, createCheckoutSession } from "@/lib/billing";
import { PLANS } from "@/lib/tenants/schemas";
import { portalAction, requestOrigin } from "../../../_lib/access";

const planField = z.enum(PLANS, { error: "Choose one of the plans shown." });

async function billingPageUrl(slug: string, query: string): Promise<string> {
  return `${publicBaseUrl(await requestOrigin())}/t/${encodeURIComponent(slug)}/billing?${query}`;
}

export async function startCheckoutAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  let url: string;
  try {
    const { tenant, principal } = await portalAction(fd.get("target"), "tenant:billing");
    const plan = parseOrThrow(planField, fd.get("plan"), "Choose one of the plans shown.");
    const session = await createCheckoutSession(
      tenant.id,
      plan,
      {
        successUrl: await billingPageUrl(tenant.slug, `checkout=success&plan=${plan}`),
        cancelUrl: await billingPageUrl(tenant.slug, "checkout=cancel"),
      },
      actorOf(principal),
    );
    url = session.url;
  } catch (e) {
    return formErrorState(e);
  }
  // Outside the try: redirect() works by throwing.
  redirect(url);
}

export async function openBillingPortalAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  let url: string;
  try {
    const { tenant, principal } = await portalAction(fd.get("target"), "tenant:billing", { allowSuspended: true });
    const session = await createBillingPortalSession(tenant.id, await billingPageUrl(tenant.slug, "portal=return"), actorOf(principal));
    url = session.url;
  } catch (e) {
    return formErrorState(e);
  }
  redirect(url);
}
