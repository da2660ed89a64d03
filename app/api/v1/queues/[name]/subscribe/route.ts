import { route } from '@/lib/api/handler';
import { subscribe } from '@/lib/api/endpoints/consume';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(subscribe);
