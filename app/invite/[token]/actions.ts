"use server";
// Accepting an invitation. A new account is signed in right away with the password just chosen; an
// existing account gains the membership and signs in with its own password (unless already signed in).
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/nextauth";
import { currentPrincipal } from "@/lib/auth/session";
import { formErrorState, type FormState } from "@/lib/forms/state";
import { acceptInvitation, PROBLEM_MESSAGES } from "@/lib/invitations/service";

export async function acceptInviteAction(_prev: FormState<never>, fd: FormData): Promise<FormState<never>> {
  const token = String(fd.get("token") ?? "");
  const password = fd.get("password");
  const confirm = fd.get("confirm");
  let result: Awaited<ReturnType<typeof acceptInvitation>>;
  try {
    result = await acceptInvitation(token, { password: typeof password === "string" ? password : undefined, confirm: typeof confirm === "string" ? confirm : "" });
  } catch (e) {
    return formErrorState(e);
  }
  if (!result.ok) return { ok: false, message: `${PROBLEM_MESSAGES[result.problem].title}. ${PROBLEM_MESSAGES[result.problem].detail}`, fieldErrors: {} };
  const portal = `/t/${result.tenantSlug}`;
  if (result.createdUser && typeof password === "string") {
    try {
      // Throws Next's redirect on success, which must propagate.
      await signIn("credentials", { email: result.email, password, redirectTo: portal });
    } catch (e) {
      // The account and membership exist; if signing in is refused (e.g. throttled), the sign-in page takes over.
      if (!(e instanceof AuthError)) throw e;
    }
  }
  const me = await currentPrincipal();
  if (me?.email === result.email) redirect(portal);
  redirect(`/login?callbackUrl=${encodeURIComponent(portal)}`);
}
