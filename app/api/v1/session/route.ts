import { route } from '@/lib/api/handler';
import { createSession, deleteSession } from '@/lib/api/endpoints/session';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(createSession);
export const DELETE = route(deleteSession);
