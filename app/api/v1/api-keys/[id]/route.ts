import { route } from '@/lib/api/handler';
import { deleteApiKey } from '@/lib/api/endpoints/api-keys';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const DELETE = route(deleteApiKey);
