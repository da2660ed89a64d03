import { route } from '@/lib/api/handler';
import { purgeQueue } from '@/lib/api/endpoints/queues';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const DELETE = route(purgeQueue);
