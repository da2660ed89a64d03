import { route } from '@/lib/api/handler';
import { getOverview } from '@/lib/api/endpoints/system';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getOverview);
