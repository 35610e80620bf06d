// Request targets Next.js cannot decode: a percent-escape that is not valid UTF-8 (e.g. `/tenants/%E0%A4%A`)
// makes its router fail with a 500 before any page code runs (and the browser's router too). The custom
// server (server.ts) redirects such a path to its literal form (every `%` escaped), which routes like
// any unknown path: the page's own 404.

/** The URL with its path's `%` signs escaped when the path does not decode; otherwise the URL as given. */
export function literalIfMalformed(url: string): string {
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.replace(/%/g, "%25") + (q < 0 ? "" : url.slice(q));
  }
}
