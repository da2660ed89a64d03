import { route } from '@/lib/api/handler';
import { getReadiness } from '@/lib/api/endpoints/system';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getReadiness);
