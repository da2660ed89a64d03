import { route } from '@/lib/api/handler';
import { deletePermission, getPermission, putPermission } from '@/lib/api/endpoints/permissions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getPermission);
export const PUT = route(putPermission);
export const DELETE = route(deletePermission);
