import { route } from '@/lib/api/handler';
import { getOverviewMetrics } from '@/lib/api/endpoints/metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getOverviewMetrics);
