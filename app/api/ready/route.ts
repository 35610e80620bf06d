import { databaseReady } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  return (await databaseReady())
    ? Response.json({ status: "ready" })
    : Response.json({ status: "unavailable", detail: "The database does not answer." }, { status: 503 });
}
