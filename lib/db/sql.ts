// Identifier quoting for the few places where SQL names come from data (tenant schemas, databases).
// Names are also validated where they are made (lib/tenants/ids.ts); quoting is the second fence.

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteIdent(name: string): string {
  if (!IDENT.test(name)) throw new Error(`refusing unsafe SQL identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}
