import { controlPlaneRoute } from "@/lib/http/route";
import { createTenant, listTenants } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const POST = controlPlaneRoute(({ body, actor }) => createTenant(body, actor), { body: true, status: 201 });

export const GET = controlPlaneRoute(({ query }) => listTenants(Object.fromEntries(query)));
