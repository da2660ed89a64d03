import { route } from '@/lib/api/handler';
import { deleteUser, getUser, putUser } from '@/lib/api/endpoints/users';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getUser);
export const PUT = route(putUser);
export const DELETE = route(deleteUser);
