import { route } from '@/lib/api/handler';
import { listConnections } from '@/lib/api/endpoints/connections';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listConnections);
