// Asserts that a response is an RFC 9457 problem with the given status and code.
import { expect } from "vitest";
import { problemSchema } from "@/lib/openapi/schemas";

export async function expectProblem(res: Response, status: number, code: string) {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = problemSchema.parse(JSON.parse(text));
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}
