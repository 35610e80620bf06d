import { tenantIdParam } from "@/lib/http/params";
import { controlPlaneRoute } from "@/lib/http/route";
import { deleteTenant, getTenant, updateTenant } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = controlPlaneRoute<Params>(({ params }) => getTenant(tenantIdParam(params.id)));

export const PATCH = controlPlaneRoute<Params>(
  ({ params, body, actor }) => updateTenant(tenantIdParam(params.id), body, actor),
  { body: true },
);

export const DELETE = controlPlaneRoute<Params>(({ params, actor }) => deleteTenant(tenantIdParam(params.id), actor));
