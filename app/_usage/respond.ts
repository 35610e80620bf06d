// The usage screens' JSON and CSV endpoints share this: check the caller (the guard throws 401/403/404
// as domain errors), read the range from the query string, answer — or problem+json for any refusal,
// so the client shows the message (a bad custom range names the field at fault).
import { problemResponse } from "@/lib/http/problem";
import { jsonResponse } from "@/lib/http/route";
import { usageCsv, usageCsvFilename } from "@/lib/metering/csv";
import { resolveUsageRange, type ResolvedRange, type UsageView } from "@/lib/metering/usage-view";

export type LoadView = (range: ResolvedRange) => Promise<{ view: UsageView; name: string }>;

/** `guard` runs first and returns the loader for the tenant (or platform) it allowed. */
export async function usageResponse(req: Request, format: "json" | "csv", guard: () => Promise<LoadView>): Promise<Response> {
  try {
    const load = await guard();
    const range = resolveUsageRange(new URL(req.url).searchParams);
    const { view, name } = await load(range);
    if (format === "json") return jsonResponse(view);
    return new Response(usageCsv(view), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${usageCsvFilename(name, view)}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    return problemResponse(e);
  }
}
