import { route } from '@/lib/api/handler';
import { publishToExchange } from '@/lib/api/endpoints/publish';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(publishToExchange);
