/** @module Building blocks shared by every API schema: names, field tables, booleans in query strings, the error body. */
import { z } from 'zod';
import type { FieldValue } from '@/lib/engine';

/** The exchanges every broker has from its first start. */
export const BUILTIN_EXCHANGES = ['amq.default', 'amq.direct', 'amq.fanout', 'amq.topic', 'amq.headers'] as const;

export function isBuiltinExchange(name: string): boolean {
  return name === '' || (BUILTIN_EXCHANGES as readonly string[]).includes(name);
}

const NAME_PATTERN = /^[A-Za-z0-9._:-]+$/;

/** Any well-formed queue or exchange name; used to look a queue up (AMQP may own `amq.gen-*` queues). */
export const nameSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(NAME_PATTERN, 'may contain only letters, digits and . _ : -');

const notReserved = (allowBuiltins: boolean) => (name: string) =>
  !name.startsWith('amq.') || (allowBuiltins && isBuiltinExchange(name));
const reservedMessage = { message: 'names starting with "amq." are reserved' };

/** An exchange name: well-formed and not `amq.*` unless a built-in. */
export const exchangeNameSchema = nameSchema.refine(notReserved(true), reservedMessage);

/** The name of a queue being declared: well-formed and never `amq.*`. */
export const queueNameSchema = nameSchema.refine(notReserved(false), reservedMessage);

/** An exchange named in a request body: `""` and `amq.default` both mean the default exchange. */
export const exchangeRefSchema = z.union([z.literal(''), exchangeNameSchema]);

/** AMQP short strings (routing keys, property strings) hold at most 255 bytes. */
export const shortStringSchema = z
  .string()
  .refine((value) => Buffer.byteLength(value) <= 255, { message: 'must be at most 255 bytes' });

export const fieldValueSchema: z.ZodType<FieldValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(fieldValueSchema), fieldTableSchema]),
);

/**
 * Header and argument tables; `null` stands for AMQP's void. Field names are AMQP short strings, so a table that an
 * AMQP consumer could not be sent is refused here rather than at delivery.
 */
export const fieldTableSchema: z.ZodType<Record<string, FieldValue>> = z.record(shortStringSchema, fieldValueSchema);

export const nonNegativeInt = () => z.number().int().min(0);

/** A boolean in a query string: `true`/`false` (or `1`/`0`). */
export const queryBoolean = () => z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** An integer in a query string. */
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ratesSchema = z.object({
  publish: z.number(),
  deliver: z.number(),
  ack: z.number(),
  redeliver: z.number(),
  deadLetter: z.number(),
});

export const errorCodeSchema = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'precondition_failed',
  'resource_locked',
  'payload_too_large',
  'unsupported_media_type',
  'queue_full',
  'too_many_requests',
  'internal_error',
  'unavailable',
]);

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** One field problem of a `bad_request`: where it is (`body`, `query`, `path`), the path inside, and why. */
export const issueSchema = z.object({
  in: z.enum(['body', 'query', 'path']),
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
});

export type ErrorCode = z.infer<typeof errorCodeSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type Issue = z.infer<typeof issueSchema>;
export type Rates = z.infer<typeof ratesSchema>;
