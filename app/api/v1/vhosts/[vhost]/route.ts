import { route } from '@/lib/api/handler';
import { deleteVhost, getVhost, putVhost } from '@/lib/api/endpoints/vhosts';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(getVhost);
export const PUT = route(putVhost);
export const DELETE = route(deleteVhost);
