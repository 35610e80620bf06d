"use server";
// Sign-in and sign-out. The sign-in message never says which of email or password was wrong.
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/nextauth";
import type { FormState } from "@/lib/forms/state";
import { safeCallback } from "./callback";

export async function signInAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  const email = String(fd.get("email") ?? "").trim();
  const password = String(fd.get("password") ?? "");
  const values = { email };
  const fieldErrors: Record<string, string> = {};
  if (!email) fieldErrors.email = "Enter your email address.";
  if (!password) fieldErrors.password = "Enter your password.";
  if (Object.keys(fieldErrors).length) return { ok: false, message: "", fieldErrors, values };
  try {
    // On success this throws Next's redirect signal, which must propagate (not be caught below).
    await signIn("credentials", { email, password, redirectTo: safeCallback(fd.get("callbackUrl")) });
    return { ok: true };
  } catch (e) {
    if (e instanceof AuthError) {
      const code = (e as AuthError & { code?: string }).code;
      const message = code === "throttled" ? "Too many attempts. Try again in a few minutes." : "Email or password is incorrect.";
      return { ok: false, message, fieldErrors: {}, values };
    }
    throw e;
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
