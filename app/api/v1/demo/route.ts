import { route } from '@/lib/api/handler';
import { controlDemo, getDemo } from '@/lib/api/endpoints/demo';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getDemo);
export const POST = route(controlDemo);
