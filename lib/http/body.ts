// Reads a JSON request body with a size limit: oversize → 413, malformed → 400; never a 500.
import { invalid, payloadTooLarge } from "../errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Parses bytes already read (the fast path reads them itself). */
export function parseJsonBytes(bytes: Uint8Array | Buffer): unknown {
  if (bytes.byteLength > MAX_BODY_BYTES) throw payloadTooLarge();
  if (bytes.byteLength === 0) throw invalid("The request body is empty; send a JSON object.", [{ path: "", message: "Body is required." }]);
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch {
    throw invalid("The request body is not valid JSON.", [{ path: "", message: "Malformed JSON." }]);
  }
}

/** Reads a Fetch API request's body, stopping as soon as it passes the limit (413). */
export async function readBodyBytes(req: Request): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw payloadTooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a Fetch API request's JSON body: oversize → 413, empty or malformed → 400. */
export async function readJson(req: Request): Promise<unknown> {
  return parseJsonBytes(await readBodyBytes(req));
}
