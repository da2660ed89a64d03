import { route } from '@/lib/api/handler';
import { peek } from '@/lib/api/endpoints/consume';
import { publishToQueue } from '@/lib/api/endpoints/publish';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(peek);
export const POST = route(publishToQueue);
