import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { METHOD_SPECS, type MethodName } from './method-spec';
import { decodeMethod, encodeMethod, encodeMethodPayload } from './methods';
import { rng, sampleArgs } from './test-samples';

function codeOf(fn: () => unknown): number | string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return e instanceof AmqpCodecError ? e.replyCode : `not AmqpCodecError: ${String(e)}`;
  }
}

function payloadOf(frame: Buffer): Buffer {
  return frame.subarray(7, frame.length - 1);
}

describe('the method list', () => {
  it('has every method of 0-9-1 plus RabbitMQ extensions, with unique ids and names', () => {
    expect(METHOD_SPECS).toHaveLength(66);
    expect(new Set(METHOD_SPECS.map((s) => s.name)).size).toBe(METHOD_SPECS.length);
    expect(new Set(METHOD_SPECS.map((s) => s.classId * 65536 + s.methodId)).size).toBe(METHOD_SPECS.length);
    const names = METHOD_SPECS.map((s) => s.name);
    for (const n of ['exchange.bind', 'exchange.unbind-ok', 'basic.nack', 'confirm.select', 'confirm.select-ok', 'connection.blocked', 'connection.unblocked']) {
      expect(names).toContain(n);
    }
    expect(METHOD_SPECS.filter((s) => s.hasContent).map((s) => s.name)).toEqual(['basic.publish', 'basic.return', 'basic.deliver', 'basic.get-ok']);
  });
});

describe('encodeMethod / decodeMethod', () => {
  it.each(METHOD_SPECS.map((s) => [s.name]))('%s round-trips', (name) => {
    const spec = METHOD_SPECS.find((s) => s.name === name)!;
    const rand = rng(spec.classId * 1000 + spec.methodId);
    for (let i = 0; i < 5; i++) {
      const args = sampleArgs(spec, rand);
      const frame = encodeMethod(7, name as MethodName, args);
      expect(frame[0]).toBe(1);
      expect(frame.readUInt16BE(1)).toBe(7);
      expect(frame.readUInt32BE(3)).toBe(frame.length - 8);
      expect(frame[frame.length - 1]).toBe(0xce);
      const decoded = decodeMethod(payloadOf(frame));
      expect(decoded).toEqual({ classId: spec.classId, methodId: spec.methodId, name, args, hasContent: spec.hasContent });
      expect(encodeMethodPayload(name as MethodName, args)).toEqual(payloadOf(frame));
    }
  });

  it('packs consecutive bits into one octet, low bit first', () => {
    const payload = encodeMethodPayload('queue.declare', { queue: 'q', passive: false, durable: true, exclusive: false, autoDelete: true, nowait: true });
    // class, method, ticket, "q", bits, empty table
    expect(payload).toEqual(Buffer.from([0, 50, 0, 10, 0, 0, 1, 0x71, 0b11010, 0, 0, 0, 0]));
    const nack = encodeMethodPayload('basic.nack', { deliveryTag: 1, multiple: false, requeue: true });
    expect(nack.subarray(12)).toEqual(Buffer.from([0b10]));
  });

  it('starts a new octet after a non-bit argument', () => {
    // access.request: realm then five bits in one octet
    const payload = encodeMethodPayload('access.request', { realm: '/data', exclusive: true, read: true });
    expect(payload.subarray(10)).toEqual(Buffer.from([0b10001]));
  });

  it('defaults missing args to 0, empty string, false and empty table', () => {
    expect(decodeMethod(payloadOf(encodeMethod(0, 'queue.declare'))).args).toEqual({
      ticket: 0, queue: '', passive: false, durable: false, exclusive: false, autoDelete: false, nowait: false, arguments: {},
    });
  });

  it('decodes connection.start-ok response as a Buffer and other longstrs as strings', () => {
    const startOk = decodeMethod(payloadOf(encodeMethod(0, 'connection.start-ok', { clientProperties: { product: 'x' }, mechanism: 'PLAIN', response: '\0guest\0guest', locale: 'en_US' })));
    expect(startOk.args.response).toEqual(Buffer.from('\0guest\0guest'));
    const start = decodeMethod(payloadOf(encodeMethod(0, 'connection.start', { versionMinor: 9, mechanisms: 'PLAIN AMQPLAIN', locales: 'en_US' })));
    expect(start.args.mechanisms).toBe('PLAIN AMQPLAIN');
  });

  it('decodes basic.publish and basic.ack (hand-written paths) like the generic ones', () => {
    const publish = decodeMethod(payloadOf(encodeMethod(1, 'basic.publish', { ticket: 3, exchange: 'ex', routingKey: 'ключ', mandatory: true, immediate: true })));
    expect(publish).toEqual({ classId: 60, methodId: 40, name: 'basic.publish', args: { ticket: 3, exchange: 'ex', routingKey: 'ключ', mandatory: true, immediate: true }, hasContent: true });
    const ack = decodeMethod(payloadOf(encodeMethod(1, 'basic.ack', { deliveryTag: 2 ** 53 - 1, multiple: true })));
    expect(ack).toEqual({ classId: 60, methodId: 80, name: 'basic.ack', args: { deliveryTag: 2 ** 53 - 1, multiple: true }, hasContent: false });
  });

  it('answers unknown class or method ids with 540', () => {
    expect(codeOf(() => decodeMethod(Buffer.from([0, 60, 0, 99])))).toBe(540);
    expect(codeOf(() => decodeMethod(Buffer.from([0, 11, 0, 10])))).toBe(540);
  });

  it('answers a payload too short for ids with 501', () => {
    expect(codeOf(() => decodeMethod(Buffer.from([0, 60, 0])))).toBe(501);
  });

  it('answers every truncation and any trailing byte with 502', () => {
    const rand = rng(42);
    for (const spec of METHOD_SPECS) {
      const payload = encodeMethodPayload(spec.name, sampleArgs(spec, rand));
      for (let cut = 4; cut < payload.length; cut++) expect(codeOf(() => decodeMethod(payload.subarray(0, cut)))).toBe(502);
      expect(codeOf(() => decodeMethod(Buffer.concat([payload, Buffer.from([0])])))).toBe(502);
    }
  });

  it('refuses args that do not fit their wire type', () => {
    expect(codeOf(() => encodeMethod(0, 'connection.tune', { channelMax: 70000 }))).toBe(541);
    expect(codeOf(() => encodeMethod(0, 'basic.ack', { deliveryTag: -1 }))).toBe(541);
    expect(codeOf(() => encodeMethod(0, 'queue.declare', { queue: 'q'.repeat(256) }))).toBe(541);
    expect(codeOf(() => encodeMethod(0, 'queue.declare', { queue: 5 }))).toBe(541);
    expect(codeOf(() => encodeMethod(0, 'nope.nope' as MethodName))).toBe(541);
  });
});
