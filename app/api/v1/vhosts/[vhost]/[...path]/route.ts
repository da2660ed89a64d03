import { vhostRoute } from '@/lib/api/vhost-route';

// Every vhost-scoped endpoint of the catalog, for the vhost in the path.
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = vhostRoute();
export const POST = vhostRoute();
export const PUT = vhostRoute();
export const DELETE = vhostRoute();
