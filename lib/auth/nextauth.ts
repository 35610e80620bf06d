// next-auth v5: email + password sign-in, JWT sessions carrying only the user id. Roles are read from
// the database on every request (lib/auth/users.ts loadPrincipal), so a change applies at once.
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { verifyCredentials } from "./users";
import { signInThrottle } from "./throttle";

class InvalidLogin extends CredentialsSignin {
  code = "invalid_credentials";
}
class Throttled extends CredentialsSignin {
  code = "throttled";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/login" },
  logger: {
    // A wrong password is an answer, not a server error: next-auth would print a stack trace for each.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = String(credentials?.email ?? "").trim().toLowerCase();
        if (!signInThrottle.allow(email)) throw new Throttled();
        const user = await verifyCredentials(credentials?.email, credentials?.password);
        if (!user) {
          signInThrottle.fail(email);
          throw new InvalidLogin();
        }
        signInThrottle.succeed(email);
        return { id: user.id, email: user.email };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
});
