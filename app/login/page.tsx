import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentPrincipal } from "@/lib/auth/session";
import { Card, CardContent } from "@/components/ui/card";
import { Logo } from "@/components/logo";
import { LoginForm } from "./login-form";
import { safeCallback } from "./callback";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const sp = await searchParams;
  const callbackUrl = safeCallback(Array.isArray(sp.callbackUrl) ? sp.callbackUrl[0] : sp.callbackUrl);
  if (await currentPrincipal()) redirect(callbackUrl);
  return (
    <main className="grid min-h-screen place-items-center bg-muted/40 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center">
          <Logo className="text-base" />
        </div>
        <Card>
          <CardContent className="p-6">
            <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
            <p className="mb-5 text-sm text-muted-foreground">Use the account your platform admin gave you.</p>
            <LoginForm callbackUrl={callbackUrl} />
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
