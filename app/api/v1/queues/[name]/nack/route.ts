import { route } from '@/lib/api/handler';
import { nack } from '@/lib/api/endpoints/consume';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(nack);
