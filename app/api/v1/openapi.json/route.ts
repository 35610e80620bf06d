import { jsonResponse } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

/** Public: the contract itself holds no secrets. */
export function GET() {
  return jsonResponse(openApiDocument());
}
