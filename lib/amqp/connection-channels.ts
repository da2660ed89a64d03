/** @module A connection's channels by number: channel.open within channel-max, each frame to its channel, all ended at once. */
import { AmqpChannel } from './channel';
import type { ChannelHost } from './channel-host';
import { encodeMethod, FRAME_METHOD, REPLY, type Frame } from './codec';
import { AmqpError } from './reply-codes';

const CHANNEL_OPEN = (20 << 16) | 10;
const CHANNEL_CLOSE_OK = (20 << 16) | 41;

export class ConnectionChannels {
  private readonly byNumber = new Map<number, AmqpChannel>();

  constructor(private readonly host: ChannelHost & { readonly channelMax: number }) {}

  values(): IterableIterator<AmqpChannel> {
    return this.byNumber.values();
  }

  /** A frame for its channel; on a number not in use only channel.open is expected. */
  route(frame: Frame): void {
    const channel = this.byNumber.get(frame.channel);
    if (channel) channel.handleFrame(frame);
    else this.open(frame);
  }

  /** The channel has finished closing: its number is free again. */
  closed(number: number): void {
    this.byNumber.delete(number);
  }

  /** The socket drained: consumers that waited for room deliver again. */
  resumeAll(): void {
    for (const channel of this.byNumber.values()) channel.resumeConsumers();
  }

  /** The connection is going away: every channel ends, its unacked deliveries back in their queues. */
  endAll(): void {
    for (const channel of this.byNumber.values()) channel.cleanup();
    this.byNumber.clear();
  }

  private open(frame: Frame): void {
    const method = frame.type === FRAME_METHOD && frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) : -1;
    // Both sides closed the channel at once: the peer's close-ok for a channel already gone is no error.
    if (method === CHANNEL_CLOSE_OK) return;
    if (method !== CHANNEL_OPEN) throw new AmqpError(REPLY.CHANNEL_ERROR, `expected 'channel.open' on channel ${frame.channel}`);
    const { channelMax } = this.host;
    if (this.byNumber.size >= channelMax || frame.channel > channelMax) {
      throw new AmqpError(REPLY.NOT_ALLOWED, `number of channels opened (${this.byNumber.size}) has reached the negotiated channel_max (${channelMax})`);
    }
    this.byNumber.set(frame.channel, new AmqpChannel(frame.channel, this.host));
    this.host.send(encodeMethod(frame.channel, 'channel.open-ok', { channelId: '' }));
  }
}
