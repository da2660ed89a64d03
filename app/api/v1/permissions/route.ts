import { route } from '@/lib/api/handler';
import { listPermissions } from '@/lib/api/endpoints/permissions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listPermissions);
