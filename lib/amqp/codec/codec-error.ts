/** @module The one error the codec throws on bad input: it carries the connection.close reply code to answer with. */

/**
 * A protocol violation found while decoding (or a value that cannot be put on the wire while encoding).
 * `replyCode` is the connection.close code to answer with: 501 frame_error, 502 syntax_error,
 * 505 unexpected_frame, 540 not_implemented, 541 internal_error for values we cannot encode.
 */
export class AmqpCodecError extends Error {
  constructor(
    readonly replyCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'AmqpCodecError';
  }
}
