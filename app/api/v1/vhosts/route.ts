import { route } from '@/lib/api/handler';
import { listVhosts } from '@/lib/api/endpoints/vhosts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listVhosts);
