import { pool } from "./pool";

/** True when the database answers within the timeout. */
export async function databaseReady(timeoutMs = 2000): Promise<boolean> {
  try {
    await Promise.race([
      pool().query("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
