import { route } from '@/lib/api/handler';
import { closeConnection, getConnection } from '@/lib/api/endpoints/connections';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getConnection);
export const DELETE = route(closeConnection);
