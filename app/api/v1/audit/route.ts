import { route } from '@/lib/api/handler';
import { listAuditEvents } from '@/lib/api/endpoints/audit';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = route(listAuditEvents);
