import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

// Same shape as the page (header, filters, rows) so nothing jumps when the data arrives.
export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading tenants">
      <div className="mb-5 flex items-start justify-between">
        <div className="grid gap-2">
          <Skeleton className="h-6 w-28" />
          <Skeleton className="h-4 w-64" />
        </div>
        <Skeleton className="h-8 w-32" />
      </div>
      <div className="mb-3 flex gap-2">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-8 w-36" />
      </div>
      <Card>
        <div className="border-b border-border px-3 py-2.5">
          <Skeleton className="h-3 w-full max-w-md" />
        </div>
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-border px-3 py-2.5 last:border-0">
            <div className="grid flex-1 gap-1.5">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-3 w-24" />
            </div>
            <Skeleton className="h-5 w-14 rounded-full" />
            <Skeleton className="h-5 w-16 rounded-full" />
            <Skeleton className="h-4 w-16 max-sm:hidden" />
            <Skeleton className="h-4 w-14" />
          </div>
        ))}
      </Card>
    </div>
  );
}
