export async function runDunning(now = Date.now()): Promise<{ suspended: string[]; resumed: string[] }> { void now; throw new Error("not implemented yet"); }
