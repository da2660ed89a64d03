import { route } from '@/lib/api/handler';
import { deleteAllSessions } from '@/lib/api/endpoints/session';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const DELETE = route(deleteAllSessions);
