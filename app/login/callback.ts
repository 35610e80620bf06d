/** Only same-site paths: a callbackUrl like "//evil.example" or "https://…" would be an open redirect. */
export function safeCallback(raw: unknown): string {
  const s = typeof raw === "string" ? raw : "";
  return s.startsWith("/") && !s.startsWith("//") && !s.startsWith("/\\") ? s : "/";
}
