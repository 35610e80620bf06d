// toResult, the one mapping from a button action's outcome to what the toast shows (console and portal),
// and withFormFields, which renames a refusal's schema paths to a form's fields.
import { describe, expect, it } from "vitest";
import { conflict, invalid, notFound } from "@/lib/errors";
import { toResult } from "@/lib/forms/result";
import { formErrorState, withFormFields } from "@/lib/forms/state";

describe("toResult", () => {
  it("a message is success; a returned result passes through with what it carries", async () => {
    expect(await toResult(async () => "Key revoked.")).toEqual({ ok: true, message: "Key revoked." });
    const issued = { name: "ci", key: "tk_x" };
    expect(await toResult(async () => ({ ok: true as const, message: "Key rotated.", issued }))).toEqual({ ok: true, message: "Key rotated.", issued });
    expect(await toResult(async () => ({ ok: false as const, message: "Billing is off." }))).toEqual({ ok: false, message: "Billing is off." });
  });

  it("a domain error becomes its message; anything else propagates", async () => {
    expect(await toResult(async () => Promise.reject(notFound("Key")))).toEqual({ ok: false, message: "Key not found." });
    expect(await toResult<{ ok: true; message: string }>(async () => { throw conflict("Already revoked."); })).toEqual({ ok: false, message: "Already revoked." });
    await expect(toResult(async () => { throw new TypeError("a bug"); })).rejects.toThrow("a bug");
    // Next's redirect()/notFound() signals are plain errors with a digest: they must reach Next.
    const signal = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/login;307;" });
    await expect(toResult(async () => { throw signal; })).rejects.toBe(signal);
  });
});

describe("withFormFields", () => {
  const rename = (path: string) => path.replace(/^quotas\./, "");

  it("renames an invalid_request's field paths and keeps its message", async () => {
    const refusal = invalid("The plan is not valid.", [{ path: "quotas.seats", message: "Must be 0 or more." }]);
    const e = await withFormFields(() => Promise.reject(refusal), rename).catch((x) => x);
    expect(formErrorState(e)).toEqual({ ok: false, message: "The plan is not valid.", fieldErrors: { seats: "Must be 0 or more." } });
  });

  it("passes a result through, and other errors untouched", async () => {
    expect(await withFormFields(async () => 7, rename)).toBe(7);
    const other = conflict("Taken.");
    await expect(withFormFields(() => Promise.reject(other), rename)).rejects.toBe(other);
    const bug = new TypeError("a bug");
    await expect(withFormFields(() => Promise.reject(bug), rename)).rejects.toBe(bug);
  });
});
