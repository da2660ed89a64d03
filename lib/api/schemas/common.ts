/** @module Building blocks shared by every API schema: names, field tables, booleans in query strings, the error body. */
import { z } from 'zod';
import type { FieldValue } from '@/lib/engine';
import { isBuiltIn } from '@/lib/engine/built-in-exchanges';
import { describeNameProblem, MAX_NAME_BYTES, nameProblem, newNameProblem } from '@/lib/engine/names';

/** The exchanges every broker has from its first start (`""` and `amq.default` are the default one): the engine's list. */
export const isBuiltinExchange = isBuiltIn;

/** A zod issue for each problem the engine's name rule finds, so the HTTP door refuses exactly what the engine would. */
const byEngineRule = (newName: boolean, allowBuiltins: boolean) => (name: string, ctx: z.RefinementCtx) => {
  const problem = newName ? newNameProblem(name) : nameProblem(name);
  if (!problem || (problem === 'reserved' && allowBuiltins && isBuiltinExchange(name))) return;
  ctx.addIssue({ code: 'custom', message: describeNameProblem('queue', problem).replace(/^queue /, ''), params: { problem } });
};

/**
 * Any queue or exchange name, as RabbitMQ's: any UTF-8 string of 1–255 bytes (lib/engine/names); used to look an
 * entity up (AMQP may own `amq.gen-*` queues). In a path it is one percent-encoded segment (`%2F` for `/`).
 */
export const nameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_BYTES)
  .superRefine(byEngineRule(false, false))
  .describe('Any UTF-8 string of 1–255 bytes, as RabbitMQ; percent-encoded in a path.');

/** An exchange name being declared: a name, and not `amq.*` unless a built-in. */
export const exchangeNameSchema = z.string().min(1).max(MAX_NAME_BYTES).superRefine(byEngineRule(true, true)).describe(nameSchema.description!);

/** The name of a queue being declared: a name, and never `amq.*`. */
export const queueNameSchema = z.string().min(1).max(MAX_NAME_BYTES).superRefine(byEngineRule(true, false)).describe(nameSchema.description!);

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
  'not_supported',
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
