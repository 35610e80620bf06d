// The data plane's own request and response shapes: plain data, no node:http and no Fetch API, so the
// same handlers run behind the custom server, a standalone process, or a test calling them directly.

export interface DataPlaneRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Lowercased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface DataPlaneResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type DataPlaneHandler = (req: DataPlaneRequest) => Promise<DataPlaneResponse>;
