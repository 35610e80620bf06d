import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ShieldOff } from "lucide-react";
import { currentPrincipal } from "@/lib/auth/session";
import { Card, CardContent } from "@/components/ui/card";
import { Logo } from "@/components/logo";
import { SignOutButton } from "@/components/console/sign-out-button";

export const metadata: Metadata = { title: "No access" };

/** For a signed-in user with no platform role and no tenant membership. */
export default async function ForbiddenPage() {
  const p = await currentPrincipal();
  if (!p) redirect("/login");
  return (
    <main className="grid min-h-screen place-items-center bg-muted/40 px-4 py-10">
      <div className="w-full max-w-md">
        <div className="mb-6 flex justify-center">
          <Logo className="text-base" />
        </div>
        <Card>
          <CardContent className="flex flex-col items-center gap-3 p-6 text-center">
            <ShieldOff className="size-8 text-muted-foreground" aria-hidden="true" />
            <h1 className="text-lg font-semibold">You don&apos;t have access yet</h1>
            <p className="text-sm text-muted-foreground">
              You are signed in as <span className="font-medium text-foreground">{p.email}</span>, but this account has no role in the
              console and belongs to no tenant. Ask a platform admin to give you a role, or a tenant owner to invite you.
            </p>
            <SignOutButton variant="outline" />
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
