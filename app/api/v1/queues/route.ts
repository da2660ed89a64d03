import { route } from '@/lib/api/handler';
import { listQueues } from '@/lib/api/endpoints/queues';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listQueues);
