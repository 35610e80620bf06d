import { AlertTriangle } from "lucide-react";

/** A part of a billing page that could not be read (Stripe down, a bug): the rest of the page still works. */
export function SectionError({ what, error }: { what: string; error: string }) {
  return (
    <p role="alert" className="flex items-start gap-2 px-4 py-3 text-sm text-destructive">
      <AlertTriangle className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <span>
        {what} could not be read: {/[.!?]$/.test(error) ? error : `${error}.`} Reload the page to try again.
      </span>
    </p>
  );
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: string };

/** Awaits one read of a page made of independent sections; a failure is logged and drawn in place. */
export async function settle<T>(what: string, p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    console.error(`[billing] ${what} could not be read:`, e);
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
