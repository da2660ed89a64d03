import { route } from '@/lib/api/handler';
import { declareExchange, deleteExchange, getExchange } from '@/lib/api/endpoints/exchanges';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getExchange);
export const PUT = route(declareExchange);
export const DELETE = route(deleteExchange);
