import { route } from '@/lib/api/handler';
import { moveMessage } from '@/lib/api/endpoints/message-actions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(moveMessage);
