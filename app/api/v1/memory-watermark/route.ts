import { route } from '@/lib/api/handler';
import { getMemoryWatermark, putMemoryWatermark } from '@/lib/api/endpoints/memory';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getMemoryWatermark);
export const PUT = route(putMemoryWatermark);
