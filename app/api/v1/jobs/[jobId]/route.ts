import { route } from '@/lib/api/handler';
import { cancelJob, getJob } from '@/lib/api/endpoints/jobs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getJob);
export const DELETE = route(cancelJob);
