-- The billing-status rules in one place. Before, they were written twice: here (for subscription and
-- invoice webhooks, tenantry_apply_stripe_event) and in TypeScript for checkout completions. Now both
-- call tenantry_set_billing_status: the grace period (kept when moving between past_due and unpaid,
-- started otherwise, cleared out of dunning), the state's time, the audit entry of a change, and
-- whether a payment lifts dunning's suspension. The caller holds the tenant's row lock.
CREATE OR REPLACE FUNCTION tenantry_set_billing_status(
  p_tenant text,
  p_next text,
  p_at timestamptz,
  p_grace_days integer,
  p_event_id text,
  p_event_type text,
  -- A subscription's details, written when p_subscription is given (null: left as they are).
  p_subscription text,
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_item_ids jsonb
) RETURNS boolean -- true when the tenant should be resumed (dunning's suspension ends when it pays)
LANGUAGE plpgsql AS $$
DECLARE
  t_status text;
  t_billing_status text;
  t_grace_ends_at timestamptz;
  t_suspended_at timestamptz;
  v_grace timestamptz;
  v_changed boolean;
BEGIN
  SELECT x.status, x.billing_status, x.billing_grace_ends_at, x.billing_suspended_at
    INTO t_status, t_billing_status, t_grace_ends_at, t_suspended_at
    FROM tenants x WHERE x.id = p_tenant;
  v_changed := p_next <> t_billing_status;
  v_grace := CASE
    WHEN p_next NOT IN ('past_due', 'unpaid') THEN NULL
    WHEN t_billing_status IN ('past_due', 'unpaid') AND t_grace_ends_at IS NOT NULL THEN t_grace_ends_at
    ELSE p_at + make_interval(days => p_grace_days)
  END;
  UPDATE tenants SET
    billing_status = p_next::"BillingStatus",
    billing_status_changed_at = CASE WHEN v_changed THEN p_at ELSE billing_status_changed_at END,
    billing_grace_ends_at = v_grace,
    billing_state_at = p_at,
    stripe_subscription_id = coalesce(p_subscription, stripe_subscription_id),
    billing_period_start = CASE WHEN p_subscription IS NOT NULL THEN coalesce(p_period_start, billing_period_start) ELSE billing_period_start END,
    billing_period_end = CASE WHEN p_subscription IS NOT NULL THEN coalesce(p_period_end, billing_period_end) ELSE billing_period_end END,
    stripe_item_ids = CASE WHEN p_subscription IS NOT NULL THEN coalesce(p_item_ids, stripe_item_ids) ELSE stripe_item_ids END,
    updated_at = now()
  WHERE id = p_tenant;
  IF v_changed THEN
    -- The row recordAudit (lib/audit/log.ts) writes for the billing actor (lib/billing/customers.ts BILLING_ACTOR).
    INSERT INTO audit_log (actor_type, actor_id, actor_label, action, tenant_id, data)
    VALUES ('system', NULL, 'billing', 'billing.status_changed', p_tenant, jsonb_build_object(
      'from', t_billing_status, 'to', p_next, 'event', p_event_id, 'event_type', p_event_type,
      'grace_ends_at', to_char(v_grace AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  END IF;
  RETURN p_next IN ('active', 'trialing') AND t_status = 'suspended' AND t_suspended_at IS NOT NULL;
END;
$$;

-- Subscription and invoice webhooks in one round trip (see 20261123172512), now applying the status
-- through tenantry_set_billing_status.
CREATE OR REPLACE FUNCTION tenantry_apply_stripe_event(
  p_id text,
  p_type text,
  p_created bigint,
  p_payload jsonb,
  p_customer text,
  p_subscription text,
  p_next_status text,
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_item_ids jsonb,
  p_grace_days integer
) RETURNS TABLE (outcome text, tenant_id text, note text, resume boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_outcome text;
  v_inserted boolean;
  -- The tenant's row (scalars rather than a record: all null when no tenant has the customer).
  t_id text;
  t_subscription text;
  t_billing_status text;
  t_state_at timestamptz;
  v_at timestamptz := to_timestamp(p_created);
  v_next text := p_next_status;
  v_is_sub boolean := p_type LIKE 'customer.subscription.%';
  v_resume boolean;
  v_note text;
BEGIN
  INSERT INTO stripe_events AS e (id, type, created, payload, outcome)
  VALUES (p_id, p_type, v_at, p_payload, 'failed')
  ON CONFLICT (id) DO UPDATE SET deliveries = e.deliveries + 1
  RETURNING e.outcome, (e.xmax = 0) INTO v_outcome, v_inserted;
  IF NOT v_inserted AND v_outcome <> 'failed' THEN
    RETURN QUERY SELECT 'duplicate'::text, NULL::text, NULL::text, false;
    RETURN;
  END IF;

  SELECT x.id, x.stripe_subscription_id, x.billing_status, x.billing_state_at
    INTO t_id, t_subscription, t_billing_status, t_state_at
    FROM tenants x WHERE x.stripe_customer_id = p_customer FOR UPDATE;
  IF t_id IS NULL THEN
    v_note := 'no tenant has this customer';
  ELSIF v_is_sub AND t_subscription IS NOT NULL AND t_subscription <> p_subscription THEN
    v_note := 'not the tenant''s current subscription';
  ELSIF v_is_sub AND t_subscription IS NULL AND v_next = 'canceled' THEN
    v_note := 'a canceled subscription the tenant never had';
  ELSIF NOT v_is_sub AND t_subscription IS NOT NULL AND p_subscription IS NOT NULL AND p_subscription <> t_subscription THEN
    v_note := 'an invoice of another subscription';
  ELSIF t_state_at IS NOT NULL AND v_at < t_state_at THEN
    v_note := 'older than the state already applied';
  ELSIF v_is_sub AND t_state_at IS NOT NULL AND v_at = t_state_at AND t_billing_status = 'canceled' AND v_next <> 'canceled' THEN
    -- Within the same second, a canceled subscription never comes back to life.
    v_note := 'the subscription is already canceled';
  END IF;
  IF v_note IS NOT NULL THEN
    UPDATE stripe_events SET outcome = 'ignored', error = v_note, tenant_id = t_id WHERE id = p_id;
    RETURN QUERY SELECT 'ignored'::text, t_id::text, v_note, false;
    RETURN;
  END IF;

  IF NOT v_is_sub THEN
    -- An invoice changes the status only out of dunning (paid) or into it (failed); otherwise it still
    -- records how things stood at its time, so an older event arriving later cannot undo it.
    IF NOT ((p_type = 'invoice.paid' AND t_billing_status IN ('past_due', 'unpaid'))
         OR (p_type = 'invoice.payment_failed' AND t_billing_status IN ('active', 'trialing'))) THEN
      UPDATE tenants SET billing_state_at = v_at WHERE id = t_id;
      v_note := 'no change: already ' || t_billing_status;
      UPDATE stripe_events SET outcome = 'applied', error = v_note, tenant_id = t_id WHERE id = p_id;
      RETURN QUERY SELECT 'applied'::text, t_id::text, v_note, false;
      RETURN;
    END IF;
    v_next := CASE WHEN p_type = 'invoice.paid' THEN 'active' ELSE 'past_due' END;
  END IF;

  v_resume := tenantry_set_billing_status(t_id, v_next, v_at, p_grace_days, p_id, p_type,
    CASE WHEN v_is_sub THEN p_subscription END, p_period_start, p_period_end, p_item_ids);
  UPDATE stripe_events SET outcome = 'applied', error = NULL, tenant_id = t_id WHERE id = p_id;
  RETURN QUERY SELECT 'applied'::text, t_id::text, NULL::text, v_resume;
END;
$$;
