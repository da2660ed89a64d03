import { route } from '@/lib/api/handler';
import { listExchanges } from '@/lib/api/endpoints/exchanges';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listExchanges);
