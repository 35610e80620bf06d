// Stripe's request encoding (application/x-www-form-urlencoded with bracketed keys, as the SDK writes
// it: `items[0][price]=price_1`, `metadata[plan]=pro`, `expand[]=data.items`) into plain objects, and
// a small parameter checker that answers like Stripe does (unknown or missing parameter → 400).

export type Value = string | Value[] | { [k: string]: Value };
export type Obj = { [k: string]: Value };

export function parseForm(text: string): Obj {
  const root: Obj = {};
  if (!text) return root;
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const rawKey = decodeURIComponent((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, " "));
    const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!m) continue;
    const path = [m[1], ...[...m[2].matchAll(/\[([^\]]*)\]/g)].map((x) => x[1])];
    let cur: Obj | Value[] = root;
    for (let i = 0; i < path.length; i++) {
      const k = path[i];
      const last = i === path.length - 1;
      const nextIsIndex = !last && (path[i + 1] === "" || /^\d+$/.test(path[i + 1]));
      if (Array.isArray(cur)) {
        const idx = k === "" ? cur.length : Number(k);
        if (last) cur[idx] = value;
        else cur = (cur[idx] ??= nextIsIndex ? [] : {}) as Obj | Value[];
      } else {
        if (last) cur[k] = value;
        else cur = (cur[k] ??= nextIsIndex ? [] : {}) as Obj | Value[];
      }
    }
  }
  return root;
}

// Parameter specs: "string" | "int" | "bool" | "map" (free keys, e.g. metadata) | "any" | an object
// spec (keys ending in "!" are required) | [spec] (an array of spec) | { enum: [...] }.
export type Spec = "string" | "int" | "bool" | "num" | "map" | "any" | { enum: readonly string[] } | [Spec] | { [key: string]: Spec };

export class ParamError extends Error {
  constructor(
    message: string,
    readonly param: string,
    readonly code: "parameter_unknown" | "parameter_missing" | "parameter_invalid_integer" | "parameter_invalid_empty" | "parameter_invalid_string" | "invalid_request" | "resource_missing",
  ) {
    super(message);
  }
}

function isEnum(s: Spec): s is { enum: readonly string[] } {
  return typeof s === "object" && !Array.isArray(s) && Array.isArray((s as { enum?: unknown }).enum);
}

export function check(value: Value | undefined, spec: Spec, path: string): void {
  if (value === undefined) return;
  if (spec === "any") return;
  if (spec === "string") {
    if (typeof value !== "string") throw new ParamError(`Invalid string: ${path}`, path, "parameter_invalid_string");
    return;
  }
  if (spec === "int" || spec === "num") {
    const re = spec === "int" ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
    if (typeof value !== "string" || !re.test(value)) throw new ParamError(`Invalid ${spec === "int" ? "integer" : "decimal"}: ${String(value)}`, path, "parameter_invalid_integer");
    return;
  }
  if (spec === "bool") {
    if (value !== "true" && value !== "false") throw new ParamError(`Invalid boolean: ${String(value)}`, path, "invalid_request");
    return;
  }
  if (spec === "map") {
    if (typeof value !== "object" || Array.isArray(value)) throw new ParamError(`Invalid hash: ${path}`, path, "invalid_request");
    return;
  }
  if (isEnum(spec)) {
    if (typeof value !== "string" || !spec.enum.includes(value)) {
      throw new ParamError(`Invalid ${path}: must be one of ${spec.enum.join(", ")}`, path, "invalid_request");
    }
    return;
  }
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) throw new ParamError(`Invalid array: ${path}`, path, "invalid_request");
    value.forEach((v, i) => check(v, spec[0], `${path}[${i}]`));
    return;
  }
  checkObject(value, spec, path);
}

export function checkObject(value: Value, spec: { [key: string]: Spec }, path = ""): void {
  if (typeof value !== "object" || Array.isArray(value)) throw new ParamError(`Invalid hash: ${path}`, path, "invalid_request");
  const allowed = new Map<string, { spec: Spec; required: boolean }>();
  for (const [k, s] of Object.entries(spec)) allowed.set(k.replace(/!$/, ""), { spec: s, required: k.endsWith("!") });
  for (const k of Object.keys(value)) {
    const name = path ? `${path}[${k}]` : k;
    if (!allowed.has(k)) throw new ParamError(`Received unknown parameter: ${name}`, name, "parameter_unknown");
  }
  for (const [k, { spec: s, required }] of allowed) {
    const name = path ? `${path}[${k}]` : k;
    const v = value[k];
    if (required && (v === undefined || v === "")) throw new ParamError(`Missing required param: ${name}.`, name, "parameter_missing");
    check(v, s, name);
  }
}
