import { route } from '@/lib/api/handler';
import { createBinding, listBindings } from '@/lib/api/endpoints/bindings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listBindings);
export const POST = route(createBinding);
