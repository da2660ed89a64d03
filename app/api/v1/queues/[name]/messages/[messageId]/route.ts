import { route } from '@/lib/api/handler';
import { deleteMessage } from '@/lib/api/endpoints/message-actions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const DELETE = route(deleteMessage);
