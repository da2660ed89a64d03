/** @module The AMQP 0-9-1 codec's public surface: frames, field tables, methods, content and the delivery fast paths. */
export { AmqpCodecError } from './codec-error';
export {
  CLASS_BASIC,
  FRAME_BODY,
  FRAME_END,
  FRAME_HEADER,
  FRAME_HEARTBEAT,
  FRAME_METHOD,
  FRAME_MIN_SIZE,
  FRAME_OVERHEAD,
  PROTOCOL_HEADER,
  REPLY,
  REPLY_TEXT,
} from './constants';
export { decodeContentHeader, encodeContent } from './content';
export type { BasicProperties, ContentHeader } from './content';
export { encodeBasicAck, encodeBasicNack, encodeDelivery, encodeGetOk } from './fast-paths';
export { decodeFieldTable, encodeFieldTable, typed } from './field-table';
export type { AmqpFieldTable, AmqpFieldValue, TypedFieldValue } from './field-table';
export { encodeFrame, FrameReader, HEARTBEAT_FRAME } from './frame-reader';
export type { Frame } from './frame-reader';
export { METHOD_SPECS } from './method-spec';
export type { MethodName } from './method-spec';
export { decodeMethod, encodeMethod, encodeMethodPayload } from './methods';
export type { DecodedMethod } from './methods';
