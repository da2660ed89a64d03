import { describe, expect, it } from 'vitest';
import { AmqpCodecError } from './codec-error';
import { decodeContentHeader, encodeContent } from './content';
import { encodeDelivery } from './fast-paths';
import { decodeFieldTable, encodeFieldTable } from './field-table';
import { FrameReader } from './frame-reader';
import { METHOD_SPECS } from './method-spec';
import { decodeMethod, encodeMethodPayload } from './methods';
import { rng, sampleArgs, sampleTable } from './test-samples';

/** Runs `fn`; anything but success or an AmqpCodecError with a 5xx reply code fails the test with the input shown. */
function onlyCodecErrors(input: Buffer, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AmqpCodecError) || e.replyCode < 500 || e.replyCode > 541) {
      throw new Error(`input ${input.toString('hex')} threw ${String(e)}`);
    }
  }
}

function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

function decodeAll(payload: Buffer): void {
  onlyCodecErrors(payload, () => decodeMethod(payload));
  onlyCodecErrors(payload, () => decodeContentHeader(payload));
  onlyCodecErrors(payload, () => decodeFieldTable(payload, 0));
  onlyCodecErrors(payload, () => new FrameReader(4096).push(payload));
}

const rand = rng(0xc0dec);
const validPayloads: Buffer[] = [
  ...METHOD_SPECS.map((s) => encodeMethodPayload(s.name, sampleArgs(s, rand))),
  encodeFieldTable(sampleTable(rand)),
];
const headerPayload = new FrameReader(0).push(
  encodeContent(1, { contentType: 'x', headers: sampleTable(rand), priority: 1, timestamp: 5, messageId: 'm' }, Buffer.alloc(0), 4096),
)[0].payload;
validPayloads.push(headerPayload);

describe('fuzz: hostile input only ever throws AmqpCodecError', () => {
  it('random bytes', () => {
    for (let i = 0; i < 3000; i++) decodeAll(randomBytes(rand, Math.floor(rand() * 64)));
  });

  it('random bytes behind a valid method or header prefix', () => {
    for (let i = 0; i < 3000; i++) {
      const spec = METHOD_SPECS[Math.floor(rand() * METHOD_SPECS.length)];
      const prefix = Buffer.from([spec.classId >> 8, spec.classId & 0xff, spec.methodId >> 8, spec.methodId & 0xff]);
      decodeAll(Buffer.concat([prefix, randomBytes(rand, Math.floor(rand() * 48))]));
      decodeAll(Buffer.concat([Buffer.from([0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9]), randomBytes(rand, Math.floor(rand() * 48))]));
    }
  });

  it('every truncation and random bit flips of valid payloads', () => {
    for (const valid of validPayloads) {
      for (let cut = 0; cut < valid.length; cut++) decodeAll(valid.subarray(0, cut));
      for (let i = 0; i < 50; i++) {
        const mutated = Buffer.from(valid);
        const flips = 1 + Math.floor(rand() * 3);
        for (let f = 0; f < flips; f++) mutated[Math.floor(rand() * mutated.length)] ^= 1 << Math.floor(rand() * 8);
        decodeAll(mutated);
      }
    }
  });

  it('random truncations and corruptions of a valid frame stream', () => {
    const stream = encodeDelivery(1, 'ctag', 5, false, 'ex', 'rk', { headers: sampleTable(rand) }, Buffer.alloc(9000, 1), 4096);
    for (let i = 0; i < 500; i++) {
      const cut = stream.subarray(0, Math.floor(rand() * stream.length));
      const mutated = Buffer.from(cut);
      if (mutated.length > 0 && rand() < 0.7) mutated[Math.floor(rand() * mutated.length)] = Math.floor(rand() * 256);
      onlyCodecErrors(mutated, () => {
        const reader = new FrameReader(4096);
        let at = 0;
        while (at < mutated.length) {
          const step = 1 + Math.floor(rand() * 700);
          for (const frame of reader.push(mutated.subarray(at, at + step))) {
            if (frame.type === 1) decodeMethod(frame.payload);
            if (frame.type === 2) decodeContentHeader(frame.payload);
          }
          at += step;
        }
      });
    }
  });

  it('the fuzz inputs do reach the decoders (sanity: untouched frames decode)', () => {
    for (const valid of validPayloads.slice(0, METHOD_SPECS.length)) expect(() => decodeMethod(valid)).not.toThrow();
    expect(() => decodeContentHeader(headerPayload)).not.toThrow();
  });
});
