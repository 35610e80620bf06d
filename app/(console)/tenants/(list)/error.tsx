"use client";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { AlertTriangle } from "lucide-react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/empty-state";

export default function TenantsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  return (
    <Card role="alert">
      <EmptyState
        icon={<AlertTriangle />}
        title="The tenants could not be loaded"
        description={<>Something went wrong on our side{error.digest ? <> (reference {error.digest})</> : null}. Try again in a moment.</>}
        action={
          <Button
            variant="outline"
            onClick={() =>
              // Re-fetch the server component and reset the boundary together.
              startTransition(() => {
                router.refresh();
                reset();
              })
            }
          >
            Retry
          </Button>
        }
      />
    </Card>
  );
}
