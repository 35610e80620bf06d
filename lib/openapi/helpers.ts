// Building blocks of the OpenAPI document shared by the control plane's part (document.ts) and the
// data plane's (dataplane.ts): zod → JSON Schema, and the response/request shapes that refer to
// named components.
import { z } from "zod";

export type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema, as zod parses it ("input") or as the handler produces it ("output"). */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema;
  return rest;
}

/** `{ headers }` when there are any: an empty `headers` object says nothing and clutters the document. */
const headersOf = (headers?: JsonSchema) => (headers && Object.keys(headers).length > 0 ? { headers } : {});

/** An error response: problem+json, with the headers it carries when given. */
export const problem = (description: string, headers?: JsonSchema) => ({
  description,
  ...headersOf(headers),
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** A JSON response of the named component, with the headers it carries when given. */
export const jsonBody = (ref: string, description: string, headers?: JsonSchema) => ({
  description,
  ...headersOf(headers),
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});

/** A JSON request body of the named component. */
export const requestBody = (ref: string, required = true) => ({
  required,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } },
});
