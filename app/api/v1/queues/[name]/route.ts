import { route } from '@/lib/api/handler';
import { declareQueue, deleteQueue, getQueue } from '@/lib/api/endpoints/queues';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getQueue);
export const PUT = route(declareQueue);
export const DELETE = route(deleteQueue);
