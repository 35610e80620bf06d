import { controlPlaneRoute } from "@/lib/http/route";
import { listMetrics, registerMetric } from "@/lib/metering/metric-admin";

export const dynamic = "force-dynamic";

/** An extension of API.md: the usage metrics, built-in (read-only) and registered. */
export const GET = controlPlaneRoute(async () => ({ data: await listMetrics(), next_cursor: null }));

/** 201 with the metric; 409 when the name is taken or built-in. */
export const POST = controlPlaneRoute(({ body, actor }) => registerMetric(body, actor), { body: true, status: 201 });
