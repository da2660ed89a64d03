/** @module Schemas of the audit log: the search a client sends and the events it gets back. */
import { z } from 'zod';
import { decodeAuditCursor, DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE } from '@/lib/access/audit-reader';
import { queryInt } from './common';

export const auditOutcomeSchema = z.enum(['ok', 'denied', 'error']);

const epochMs = () => queryInt(0, Number.MAX_SAFE_INTEGER);

export const auditQuerySchema = z
  .object({
    user: z.string().min(1).max(255).optional().describe('Exactly this user. Without `monitoring`, a caller may ask only for its own.'),
    action: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^*]*\*?$/, 'may end in * (every action starting with the text before it), nowhere else')
      .optional()
      .describe('Exactly this action (`queue.purge`), or a prefix ending in `*` (`queue.*`).'),
    resource: z.string().min(1).max(1024).optional().describe('A substring of the resource, ASCII case-insensitive.'),
    outcome: auditOutcomeSchema.optional(),
    vhost: z.string().min(1).max(255).optional().describe('Exactly this vhost.'),
    since: epochMs().optional().describe('From this time on (epoch ms, inclusive).'),
    until: epochMs().optional().describe('Before this time (epoch ms, exclusive).'),
    cursor: z
      .string()
      .max(64)
      .refine((cursor) => decodeAuditCursor(cursor) !== undefined, 'is not a cursor this audit log handed out')
      .optional()
      .describe('`nextCursor` of the previous page.'),
    limit: queryInt(1, MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE).describe('Events per page (JSON only).'),
    format: z
      .enum(['json', 'ndjson', 'csv'])
      .default('json')
      .describe('`ndjson` or `csv`: a download of every matching event (from `cursor` on), not one page.'),
  })
  .refine((query) => query.since === undefined || query.until === undefined || query.since < query.until, {
    message: 'since must be before until',
    path: ['since'],
  });

export const auditEventSchema = z.object({
  id: z.string().describe('Unique; later events have larger ids.'),
  at: z.number().describe('Epoch milliseconds.'),
  user: z.string().describe('Who acted; for a failed login, the user name that was tried.'),
  apiKey: z.string().optional().describe('The name of the API key used, when one was.'),
  protocol: z.enum(['http', 'amqp', 'console', 'system']).describe('`system`: done by Switchboard itself (a standby taking over).'),
  peer: z.string().describe('The client address, `host:port`.'),
  vhost: z.string().nullable().describe('Null for actions outside any vhost (logins, users, keys).'),
  action: z.string().describe('A dotted verb: `login`, `queue.purge`, `user.put`, `replay.start`, ...'),
  resource: z.string().nullable().describe("What it acted on: `queue 'orders'`, `user 'ann'`, ..."),
  outcome: auditOutcomeSchema.describe('`denied`: refused by the access policy; `error`: failed for another reason.'),
  detail: z.record(z.string(), z.unknown()).describe("A refusal's reason, an import's diff, a replay's counts."),
  affected: z.number().int().optional().describe('How many messages it touched.'),
});

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema).describe('Newest first.'),
  nextCursor: z.string().nullable().describe('Null on the last page.'),
});

export type AuditQueryParams = z.infer<typeof auditQuerySchema>;
export type AuditEventJson = z.infer<typeof auditEventSchema>;
