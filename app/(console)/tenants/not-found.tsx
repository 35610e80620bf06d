import Link from "next/link";
import { SearchX } from "lucide-react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/empty-state";

export default function TenantNotFound() {
  return (
    <Card>
      <EmptyState
        icon={<SearchX />}
        title="Tenant not found"
        description="No tenant has this id. It may have been purged, or the link is mistyped."
        action={
          <Button asChild variant="outline">
            <Link href="/tenants">All tenants</Link>
          </Button>
        }
      />
    </Card>
  );
}
