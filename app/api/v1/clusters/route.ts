import { route } from '@/lib/api/handler';
import { attachCluster, listClusters } from '@/lib/api/endpoints/clusters';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listClusters);
export const POST = route(attachCluster);
