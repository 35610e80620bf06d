import type { Actor } from "../audit/log";
import type { CatalogueRow, SyncReport } from "./types";
export async function catalogue(): Promise<CatalogueRow[]> { throw new Error("not implemented yet"); }
export async function syncCatalogue(actor: Actor): Promise<SyncReport> { void actor; throw new Error("not implemented yet"); }
/** `npm run stripe:sync` and the Billing page's Sync button: the catalogue, then every tenant's customer and subscription. */
export async function syncAll(actor: Actor): Promise<SyncReport> { void actor; throw new Error("not implemented yet"); }
