import { route } from '@/lib/api/handler';
import { listJobs } from '@/lib/api/endpoints/jobs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listJobs);
