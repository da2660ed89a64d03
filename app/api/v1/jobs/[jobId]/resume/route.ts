import { route } from '@/lib/api/handler';
import { resumeJob } from '@/lib/api/endpoints/jobs';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const POST = route(resumeJob);
