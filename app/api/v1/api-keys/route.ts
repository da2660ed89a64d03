import { route } from '@/lib/api/handler';
import { createApiKey, listApiKeys } from '@/lib/api/endpoints/api-keys';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listApiKeys);
export const POST = route(createApiKey);
