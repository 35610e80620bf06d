import type { Metadata } from "next";
import { can } from "@/lib/auth/permissions";
import { requireConsolePage } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listKeys } from "@/lib/keys/service";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/page-header";
import { KeysPanel } from "@/components/keys/keys-panel";
import { toKeyRows } from "@/components/keys/rows";
import { issuePlatformKeyAction, revokePlatformKeyAction, rotatePlatformKeyAction } from "./actions";

export const metadata: Metadata = { title: "Platform keys" };
export const dynamic = "force-dynamic";

export default async function PlatformKeysPage() {
  const p = await requireConsolePage("platform:read", "/settings/platform-keys");
  const keys = await listKeys(null);
  const canManage = can(p, "platform:write");
  const bootstrap = !!config.platformKey;
  return (
    <div className="max-w-5xl">
      <PageHeader
        title="Platform keys"
        description="Keys your backend uses on the control-plane REST API (/api/v1/tenants…). They act as the platform: treat them like a root password."
      />
      <div className="grid gap-5">
        <Card className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3 text-sm">
          <span className="font-medium">Bootstrap key (TENANTRY_PLATFORM_KEY)</span>
          <Badge tone={bootstrap ? "green" : "gray"}>{bootstrap ? "Configured" : "Not configured"}</Badge>
          <span className="basis-full text-xs text-muted-foreground">
            Set in the environment for first setup; it can&apos;t be revoked here — remove it from the environment and restart once you have issued a key below.
          </span>
        </Card>
        <KeysPanel
          target=""
          keys={toKeyRows(keys)}
          scopes={null}
          issueTitle="Issue platform key"
          noun="platform keys"
          actions={canManage ? { issue: issuePlatformKeyAction, revoke: revokePlatformKeyAction, rotate: rotatePlatformKeyAction } : undefined}
          intro={`${keys.length} active key${keys.length === 1 ? "" : "s"}, starting with tpk_. A revoked key fails on the next request.`}
        />
      </div>
    </div>
  );
}
