/** @module The audit log: search it a page at a time, or download every matching event as NDJSON or CSV. */
import { auditVisibility, visibleAuditFilter } from '@/lib/access/audit-visibility';
import { auditDownload, toAuditEventJson } from '../audit-events';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import { auditPageSchema, auditQuerySchema } from '../schemas/audit';

export const listAuditEvents = endpoint({
  operationId: 'listAuditEvents',
  method: 'GET',
  path: '/audit',
  tag: 'audit',
  summary: 'Audit events, newest first, filtered, in cursor pages; `format=ndjson|csv` downloads every match',
  description:
    "Administrators and monitoring users read everyone's events; other users only their own (asking for another user's is 403). " +
    'A download (`application/x-ndjson`, or `text/csv` with a header row and `detail` as JSON text) is an attachment and ignores `limit`.',
  query: auditQuerySchema,
  responses: { 200: { description: 'A page of events (JSON), or the download', schema: auditPageSchema } },
  errors: ['forbidden', 'unavailable'],
  authorize: ({ access, caller, query }) => void visibleAuditFilter(auditVisibility(caller, access.policy), query),
  handle: async ({ services: { auditReader }, access, caller, query }) => {
    const { format, ...search } = visibleAuditFilter(auditVisibility(caller!, access.policy), query);
    if (format !== 'json') return auditDownload(auditReader, search, format);
    const page = await auditReader.query(search);
    return json({ events: page.events.map(toAuditEventJson), nextCursor: page.nextCursor });
  },
});
