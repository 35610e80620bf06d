import type { Metadata } from "next";
import Link from "next/link";
import { CircleAlert } from "lucide-react";
import { inspectInvitation, PROBLEM_MESSAGES } from "@/lib/invitations/service";
import { Card, CardContent } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Logo } from "@/components/logo";
import { AcceptInviteForm } from "@/components/portal/accept-invite-form";
import { ROLE_HELP, ROLE_LABEL } from "@/components/portal/types";
import { acceptInviteAction } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

// The link's token is a secret: the page sends no Referer (metadata above) and is never cached.
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = await inspectInvitation(token);
  return (
    <main className="grid min-h-screen place-items-center bg-muted/40 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center">
          <Logo className="text-base" />
        </div>
        <Card>
          <CardContent className="p-6">
            {inv.ok ? (
              <>
                <h1 className="mb-1 text-lg font-semibold">Join {inv.tenantName}</h1>
                <p className="mb-5 text-sm text-muted-foreground">
                  You&apos;ve been invited as <strong className="text-foreground">{ROLE_LABEL[inv.role]}</strong> ({ROLE_HELP[inv.role].toLowerCase()}).
                </p>
                <AcceptInviteForm token={token} email={inv.email} accountExists={inv.accountExists} action={acceptInviteAction} />
              </>
            ) : (
              <div role="alert" className="grid gap-3">
                <CircleAlert className="size-6 text-destructive" aria-hidden="true" />
                <h1 className="text-lg font-semibold">{PROBLEM_MESSAGES[inv.problem].title}</h1>
                <p className="text-sm text-muted-foreground">{PROBLEM_MESSAGES[inv.problem].detail}</p>
                <Button asChild variant="outline" className="mt-2 w-fit">
                  <Link href="/login">Go to sign in</Link>
                </Button>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </main>
  );
}
