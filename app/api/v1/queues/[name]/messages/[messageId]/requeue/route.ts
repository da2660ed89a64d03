import { route } from '@/lib/api/handler';
import { requeueMessage } from '@/lib/api/endpoints/message-actions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(requeueMessage);
