import { controlPlaneRoute } from "@/lib/http/route";
import { updateMetric } from "@/lib/metering/metric-admin";

export const dynamic = "force-dynamic";

type Params = { name: string };

/** Description, unit, archived; built-in metrics are read-only (409). */
export const PATCH = controlPlaneRoute<Params>(({ params, body, actor }) => updateMetric(params.name, body, actor), { body: true });
