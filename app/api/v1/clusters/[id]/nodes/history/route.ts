import { route } from '@/lib/api/handler';
import { getClusterNodeHistory } from '@/lib/api/endpoints/clusters';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getClusterNodeHistory);
