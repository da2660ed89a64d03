import { route } from '@/lib/api/handler';
import { getDefinitions, importDefinitions } from '@/lib/api/endpoints/definitions';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getDefinitions);
export const POST = route(importDefinitions);
