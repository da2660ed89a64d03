import { route } from '@/lib/api/handler';
import { routeTest } from '@/lib/api/endpoints/exchanges';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(routeTest);
