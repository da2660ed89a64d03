import { route } from '@/lib/api/handler';
import { changeCluster, detachCluster, getCluster } from '@/lib/api/endpoints/clusters';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getCluster);
export const PATCH = route(changeCluster);
export const DELETE = route(detachCluster);
