import { Eye, PauseCircle } from "lucide-react";

/** Shown on every portal page while platform staff view a tenant they do not belong to. */
export function ViewAsBanner({ tenantName }: { tenantName: string }) {
  return (
    <div role="status" className="border-b border-amber-300 bg-amber-100 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-2 text-sm sm:px-6">
        <Eye className="size-4 shrink-0" aria-hidden="true" />
        <p>
          <strong>Viewing as platform admin — read-only.</strong> You are seeing {tenantName}&apos;s portal as its members do; nothing can be
          changed here, and this visit is recorded in the audit log.
        </p>
      </div>
    </div>
  );
}

export function SuspendedNotice() {
  return (
    <div role="status" className="mb-5 flex items-start gap-2 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      <PauseCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p>
        <strong>This tenant is suspended.</strong> Its API keys are refused and changes are disabled until the platform&apos;s admins resume it.
      </p>
    </div>
  );
}
