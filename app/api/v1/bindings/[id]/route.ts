import { route } from '@/lib/api/handler';
import { deleteBinding } from '@/lib/api/endpoints/bindings';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const DELETE = route(deleteBinding);
