import type { MeterSyncOptions, MeterSyncResult, MeterSyncState } from "./types";
export async function runMeterSync(opts: MeterSyncOptions = {}): Promise<MeterSyncResult> { void opts; throw new Error("not implemented yet"); }
export async function meterSyncState(): Promise<MeterSyncState> { throw new Error("not implemented yet"); }
