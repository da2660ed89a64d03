import { route } from '@/lib/api/handler';
import { getPrometheusPerObjectMetrics } from '@/lib/api/endpoints/metrics';

// Per-queue and per-exchange metrics, as RabbitMQ's /metrics/per-object: behind the same bearer token as /metrics.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getPrometheusPerObjectMetrics);
