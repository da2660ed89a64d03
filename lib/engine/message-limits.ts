/**
 * @module What a message and a table must be for every door to carry it: whatever HTTP, AMQP, the definitions
 * importer or a replay accepts, an AMQP consumer can be sent. Checked once here; every door asks.
 */
import { EngineError } from './errors';
import { CONTENT_HEADER_OVERHEAD, contentHeaderShape, fieldTableShape, type LimitViolation } from './message-limits-size';
import type { FieldTable, MessageProperties, PublishInput } from './types';

export const MESSAGE_LIMITS = {
  /**
   * Levels of tables and arrays in a header or argument table, the table itself being the first. AMQP sets no
   * bound and real tables nest two to four deep (x-death: headers, array, entry, routing-keys); 64 is far above
   * that and one level below what the AMQP codec reads (65), so anything accepted here can be sent and read back,
   * and a deeper table over AMQP is refused by this rule before the codec's own bound is reached.
   */
  maxTableDepth: 64,
  /**
   * The frame-max this server offers (lib/amqp's listener; a test keeps them equal). A content header is never
   * split across frames, so properties and headers must fit in one frame of it.
   */
  frameMax: 131_072,
  /**
   * Routing keys in a CC or in a BCC header. RabbitMQ sets no bound; each key is one more routing walk and, for CC,
   * a copy in every x-death, so a list of a million keys would hold the event loop. 1,000 is the batch bound.
   */
  maxSenderKeys: 1_000,
} as const;

const SENDER_KEY_HEADERS = ['CC', 'BCC'] as const;

function refuse(violation: LimitViolation): EngineError {
  const { path, limit, rule, message } = violation;
  return new EngineError('bad_request', `${path.join('.')}: ${message}`, { path, limit, rule });
}

/** A header or argument table (binding arguments, exchange arguments, route-test headers, replay filters): nesting and field names. */
export function checkFieldTable(table: FieldTable | undefined, path: (string | number)[]): void {
  if (table === undefined) return;
  const shape = fieldTableShape(table, { path, maxDepth: MESSAGE_LIMITS.maxTableDepth });
  if ('violation' in shape) throw refuse(shape.violation);
}

/**
 * Headers that route a message (route-test): a table as above, with CC and BCC bounded as at publish.
 * `path` is where the headers are in the request.
 */
export function checkRoutingHeaders(headers: FieldTable | undefined, path: (string | number)[]): void {
  checkFieldTable(headers, path);
  checkSenderKeys(headers, path);
}

/** CC and BCC: arrays of routing keys (shortstrs), at most `maxSenderKeys` each; any other value is ignored, as RabbitMQ does. */
function checkSenderKeys(headers: FieldTable | undefined, at: (string | number)[] = ['properties', 'headers']): void {
  if (!headers) return;
  for (const name of SENDER_KEY_HEADERS) {
    const keys = headers[name];
    if (!Array.isArray(keys)) continue;
    const path = [...at, name];
    if (keys.length > MESSAGE_LIMITS.maxSenderKeys) {
      throw refuse({ rule: 'value', path, limit: MESSAGE_LIMITS.maxSenderKeys, message: `${name} holds ${keys.length} routing keys; at most ${MESSAGE_LIMITS.maxSenderKeys}` });
    }
    const long = keys.findIndex((key) => typeof key === 'string' && Buffer.byteLength(key) > 255);
    if (long >= 0) throw refuse({ rule: 'short_string', path: [...path, long], limit: 255, message: 'a routing key is at most 255 bytes' });
  }
}

/**
 * The content header that carries `properties` to an AMQP consumer, in bytes (frame overhead included), after
 * checking that it can be encoded at all; throws `bad_request` with `{path, limit}` when it cannot.
 */
export function contentHeaderBytes(properties: MessageProperties | undefined, skipHeaders?: readonly string[]): number {
  const shape = contentHeaderShape(properties ?? {}, { maxDepth: MESSAGE_LIMITS.maxTableDepth, skipHeaders });
  if ('violation' in shape) throw refuse(shape.violation);
  return shape.size;
}

/**
 * A message as published through any door: its tables and properties can be encoded for AMQP, its content
 * header fits in one frame of the server's frame-max, CC and BCC are bounded, and payload plus header is at most
 * `maxMessageBytes` (RabbitMQ's wording, "message size N is larger than configured max size M").
 */
export function checkMessage(input: Pick<PublishInput, 'payload' | 'properties'>, maxMessageBytes: number): void {
  const headers = input.properties?.headers;
  checkSenderKeys(headers);
  // BCC is removed before the message is stored or delivered: it never travels in a content header.
  const header = contentHeaderBytes(input.properties, ['BCC']);
  if (header > MESSAGE_LIMITS.frameMax) {
    throw new EngineError('bad_request', `properties and headers take ${header} bytes; a content header must fit in one frame of ${MESSAGE_LIMITS.frameMax}`, {
      path: ['properties'],
      limit: MESSAGE_LIMITS.frameMax,
      rule: 'frame_max',
      size: header,
    });
  }
  const size = input.payload.length + header - FIXED_HEADER_BYTES;
  if (size > maxMessageBytes) {
    throw new EngineError('payload_too_large', `message size ${size} is larger than configured max size ${maxMessageBytes}`, { size, limit: maxMessageBytes });
  }
}

/** The part of every content header that is not the message's own: frame overhead and the delivery-mode octet. */
const FIXED_HEADER_BYTES = CONTENT_HEADER_OVERHEAD + 1;

// One entry per properties object: the copies of one publish in several queues share theirs, and properties are
// never changed in place (dead-lettering and moves make new ones).
const headerSizes = new WeakMap<MessageProperties, number>();

/**
 * What a stored message weighs against `x-max-length-bytes` and in a queue's byte counts: payload plus the bytes
 * its properties and headers take in a content header (a message without properties weighs its payload, as in
 * RabbitMQ). One whose header could not be encoded (stored before these limits existed)
 * weighs its payload.
 */
export function messageBytes(message: { payload: Buffer; properties: MessageProperties }): number {
  let header = headerSizes.get(message.properties);
  if (header === undefined) {
    const shape = contentHeaderShape(message.properties, { maxDepth: MESSAGE_LIMITS.maxTableDepth });
    header = 'size' in shape ? shape.size - FIXED_HEADER_BYTES : 0;
    headerSizes.set(message.properties, header);
  }
  return message.payload.length + header;
}
