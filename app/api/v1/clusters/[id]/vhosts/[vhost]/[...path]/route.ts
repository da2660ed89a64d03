import { clusterVhostRoute } from '@/lib/api/vhost-route';

// Every vhost-scoped endpoint of the catalog, for the vhost of the attached cluster in the path.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = clusterVhostRoute();
export const POST = clusterVhostRoute();
export const PUT = clusterVhostRoute();
export const DELETE = clusterVhostRoute();
