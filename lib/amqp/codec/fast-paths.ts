/**
 * @module The hot path: deliveries, get-ok and publisher confirms written by hand, sized first and allocated once
 * per message, without walking the method spec list.
 */
import { contentFramesSize, propertiesSize, writeContentFrames, type BasicProperties } from './content';
import { FRAME_END, FRAME_METHOD } from './constants';
import { encodeError, shortStrLength, writeShortStr, writeU64 } from './wire';

function checkTag(deliveryTag: number): void {
  if (!Number.isSafeInteger(deliveryTag) || deliveryTag < 0) throw encodeError(`delivery tag ${deliveryTag} is not a non-negative safe integer`);
}

function methodHeader(buf: Buffer, channel: number, size: number, methodId: number): void {
  buf[0] = FRAME_METHOD;
  buf.writeUInt16BE(channel, 1);
  buf.writeUInt32BE(size, 3);
  buf.writeUInt32BE(60 * 0x1_0000 + methodId, 7);
}

/** basic.deliver method frame + header + body frames in one Buffer. */
export function encodeDelivery(
  channel: number,
  consumerTag: string,
  deliveryTag: number,
  redelivered: boolean,
  exchange: string,
  routingKey: string,
  properties: BasicProperties,
  body: Buffer,
  frameMax: number,
): Buffer {
  checkTag(deliveryTag);
  const ctLen = shortStrLength(consumerTag, 'consumer tag');
  const exLen = shortStrLength(exchange, 'exchange');
  const rkLen = shortStrLength(routingKey, 'routing key');
  const methodSize = 4 + 1 + ctLen + 8 + 1 + 1 + exLen + 1 + rkLen;
  const propsSize = propertiesSize(properties);
  const buf = Buffer.allocUnsafe(methodSize + 8 + contentFramesSize(propsSize, body.length, frameMax));
  methodHeader(buf, channel, methodSize, 60);
  let at = writeShortStr(buf, 11, consumerTag, ctLen);
  writeU64(buf, at, deliveryTag);
  at += 8;
  buf[at++] = redelivered ? 1 : 0;
  at = writeShortStr(buf, at, exchange, exLen);
  at = writeShortStr(buf, at, routingKey, rkLen);
  buf[at++] = FRAME_END;
  writeContentFrames(buf, at, channel, properties, propsSize, body, frameMax);
  return buf;
}

/** basic.get-ok method frame + header + body frames in one Buffer. */
export function encodeGetOk(
  channel: number,
  deliveryTag: number,
  redelivered: boolean,
  exchange: string,
  routingKey: string,
  messageCount: number,
  properties: BasicProperties,
  body: Buffer,
  frameMax: number,
): Buffer {
  checkTag(deliveryTag);
  if (!Number.isInteger(messageCount) || messageCount < 0 || messageCount > 0xffff_ffff) throw encodeError(`message count ${messageCount} is not a long`);
  const exLen = shortStrLength(exchange, 'exchange');
  const rkLen = shortStrLength(routingKey, 'routing key');
  const methodSize = 4 + 8 + 1 + 1 + exLen + 1 + rkLen + 4;
  const propsSize = propertiesSize(properties);
  const buf = Buffer.allocUnsafe(methodSize + 8 + contentFramesSize(propsSize, body.length, frameMax));
  methodHeader(buf, channel, methodSize, 71);
  writeU64(buf, 11, deliveryTag);
  buf[19] = redelivered ? 1 : 0;
  let at = writeShortStr(buf, 20, exchange, exLen);
  at = writeShortStr(buf, at, routingKey, rkLen);
  at = buf.writeUInt32BE(messageCount, at);
  buf[at++] = FRAME_END;
  writeContentFrames(buf, at, channel, properties, propsSize, body, frameMax);
  return buf;
}

function confirmFrame(channel: number, methodId: number, deliveryTag: number, bits: number): Buffer {
  checkTag(deliveryTag);
  const buf = Buffer.allocUnsafe(21);
  methodHeader(buf, channel, 13, methodId);
  writeU64(buf, 11, deliveryTag);
  buf[19] = bits;
  buf[20] = FRAME_END;
  return buf;
}

/** basic.ack for a publisher confirm (or any ack the server sends). */
export function encodeBasicAck(channel: number, deliveryTag: number, multiple: boolean): Buffer {
  return confirmFrame(channel, 80, deliveryTag, multiple ? 1 : 0);
}

/** basic.nack for a publisher confirm; bits are multiple (0) then requeue (1). */
export function encodeBasicNack(channel: number, deliveryTag: number, multiple: boolean, requeue: boolean): Buffer {
  return confirmFrame(channel, 120, deliveryTag, (multiple ? 1 : 0) | (requeue ? 2 : 0));
}
