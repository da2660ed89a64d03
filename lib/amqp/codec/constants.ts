/** @module AMQP 0-9-1 wire constants: frame types, sizes, the protocol header and reply codes. */

export const FRAME_METHOD = 1;
export const FRAME_HEADER = 2;
export const FRAME_BODY = 3;
export const FRAME_HEARTBEAT = 8;
export const FRAME_END = 0xce;

/** The smallest frame-max a peer may negotiate; also the limit before connection.tune-ok. */
export const FRAME_MIN_SIZE = 4096;
/** 7-byte frame header (type, channel, size) plus the frame-end octet. */
export const FRAME_OVERHEAD = 8;

/** "AMQP" 0 0 9 1: what a 0-9-1 client sends first, and what we answer a wrong version with. */
export const PROTOCOL_HEADER: Buffer = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** The class id of `basic`, the only class with content. */
export const CLASS_BASIC = 60;

export const REPLY = {
  SUCCESS: 200,
  CONTENT_TOO_LARGE: 311,
  NO_ROUTE: 312,
  NO_CONSUMERS: 313,
  CONNECTION_FORCED: 320,
  INVALID_PATH: 402,
  ACCESS_REFUSED: 403,
  NOT_FOUND: 404,
  RESOURCE_LOCKED: 405,
  PRECONDITION_FAILED: 406,
  FRAME_ERROR: 501,
  SYNTAX_ERROR: 502,
  COMMAND_INVALID: 503,
  CHANNEL_ERROR: 504,
  UNEXPECTED_FRAME: 505,
  RESOURCE_ERROR: 506,
  NOT_ALLOWED: 530,
  NOT_IMPLEMENTED: 540,
  INTERNAL_ERROR: 541,
} as const;

/**
 * Reply code -> the upper-case name RabbitMQ puts before its reply texts ("NOT_FOUND - no queue 'q' in vhost '/'"),
 * so clients that pattern-match on that prefix keep working.
 */
export const REPLY_TEXT: Record<number, string> = Object.fromEntries(
  Object.entries(REPLY).map(([name, code]) => [code, name === 'SUCCESS' ? 'REPLY_SUCCESS' : name]),
);
