import { route } from '@/lib/api/handler';
import { listClusterVhosts } from '@/lib/api/endpoints/clusters';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listClusterVhosts);
