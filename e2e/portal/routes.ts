// Every portal page, for the access walk in access.spec.ts. A new portal page adds its path here (the
// nav's extension point in components/portal/nav.ts says so too).
export const PORTAL_ROUTES = ["/t/{slug}", "/t/{slug}/members", "/t/{slug}/settings", "/t/{slug}/keys", "/t/{slug}/usage", "/t/{slug}/billing"] as const;

export function routeFor(template: string, slug: string): string {
  return template.replace("{slug}", slug);
}
