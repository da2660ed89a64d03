import { route } from '@/lib/api/handler';
import { getOpenApi } from '@/lib/api/endpoints/openapi';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getOpenApi);
