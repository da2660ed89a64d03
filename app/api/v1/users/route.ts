import { route } from '@/lib/api/handler';
import { listUsers } from '@/lib/api/endpoints/users';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listUsers);
