import { route } from '@/lib/api/handler';
import { whoami } from '@/lib/api/endpoints/whoami';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(whoami);
