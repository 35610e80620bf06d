export async function startBillingWorkers(): Promise<void> { throw new Error("not implemented yet"); }
export async function enqueueMeterSync(): Promise<void> { throw new Error("not implemented yet"); }
