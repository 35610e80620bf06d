// Numbers from the environment, one rule for all of them: unset or empty means the default; anything
// else must be a number in range, or the process says which variable is wrong and why (a typo in a
// deployment's configuration should fail at start, not quietly run with the default).

export interface EnvNumberRule {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Largest allowed value (inclusive). */
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
}

export function envNumber(name: string, fallback: number, rule: EnvNumberRule = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  const { min, max, integer } = rule;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || (min !== undefined && n < min) || (max !== undefined && n > max)) {
    const kind = integer ? "a whole number" : "a number";
    const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : "";
    throw new Error(`${name} must be ${kind}${range}, got "${raw}"`);
  }
  return n;
}
