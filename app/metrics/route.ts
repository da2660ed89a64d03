import { route } from '@/lib/api/handler';
import { getPrometheusMetrics } from '@/lib/api/endpoints/metrics';

// The Prometheus scrape: outside /api/v1 where scrapers look, behind the same bearer token as the API.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getPrometheusMetrics);
