import type { Metadata } from "next";
import Link from "next/link";
import { Mail } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { listOutbox } from "@/lib/mail/outbox";
import { smtpConfigured } from "@/lib/mail/transport";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { RelativeTime } from "@/components/relative-time";

export const metadata: Metadata = { title: "Email outbox" };
export const dynamic = "force-dynamic";

// Platform admins only (not viewers): invitation emails carry live links.
export default async function OutboxPage() {
  await requireConsolePage("platform:write", "/settings/outbox");
  const emails = await listOutbox({ limit: 200 });
  const smtp = smtpConfigured();
  return (
    <>
      <PageHeader
        title="Email outbox"
        description={
          smtp
            ? "Every email Tenantry sends, newest first. SMTP is configured: messages are delivered and kept here with their outcome."
            : "No SMTP server is configured (set SMTP_URL), so emails are kept here instead of being sent. Forward invitation links by hand."
        }
      />
      <Card>
        {emails.length === 0 ? (
          <EmptyState icon={<Mail />} title="No emails yet" description="Invitations sent from the console or a tenant's portal appear here." />
        ) : (
          <ul className="divide-y divide-border" aria-label="Emails">
            {emails.map((m) => (
              <li key={m.id}>
                <details className="group">
                  <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 outline-none hover:bg-muted/50 focus-visible:ring-2 focus-visible:ring-ring">
                    <span className="min-w-0 flex-1">
                      <span className="block truncate font-medium">{m.subject}</span>
                      <span className="block truncate text-xs text-muted-foreground">
                        To {m.to}
                        {m.tenantSlug ? <> · {m.tenantSlug}</> : null} · {m.kind}
                      </span>
                    </span>
                    {m.sentAt ? (
                      <Badge tone="green">Sent</Badge>
                    ) : m.error ? (
                      <Badge tone="red" title={m.error}>
                        Failed
                      </Badge>
                    ) : (
                      <Badge tone="gray">{smtp ? "Queued" : "Kept"}</Badge>
                    )}
                    <RelativeTime value={m.createdAt} className="w-24 text-right text-xs text-muted-foreground" />
                  </summary>
                  <div className="grid gap-2 border-t border-border bg-muted/30 px-4 py-3">
                    {m.error ? <p className="text-xs text-destructive">Last error: {m.error}</p> : null}
                    <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap break-all">{m.text}</pre>
                    {m.tenantId ? (
                      <Link href={`/tenants/${m.tenantId}/members`} className="w-fit text-xs text-primary underline-offset-4 hover:underline">
                        Tenant members
                      </Link>
                    ) : null}
                  </div>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
