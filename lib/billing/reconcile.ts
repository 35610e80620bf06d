import type { ReconciliationRow } from "./types";
export async function reconciliation(opts: { from?: number; to?: number } = {}): Promise<ReconciliationRow[]> { void opts; throw new Error("not implemented yet"); }
