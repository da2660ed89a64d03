/** The sampler's pacing on a fake clock: every interval while samples are quick, less often when one takes long. */
import { describe, expect, it } from 'vitest';
import { SAMPLE_LOAD_FACTOR, SamplePacing } from './sample-pacing';

describe('SamplePacing', () => {
  const setUp = () => {
    let now = 0;
    const pacing = new SamplePacing(5000, () => now);
    return { pacing, at: (ms: number) => (now = ms) };
  };

  it('samples a cluster never sampled at once, then every interval while samples are quick', () => {
    const { pacing, at } = setUp();
    expect(pacing.due('c')).toBe(true);
    const end = pacing.begin('c');
    at(300);
    end();
    expect(pacing.spacingMs('c')).toBe(5000);
    at(4990); // a tick a little early still samples
    expect(pacing.due('c')).toBe(true);
  });

  it(`waits ${SAMPLE_LOAD_FACTOR} times as long as a slow sample took, in whole intervals`, () => {
    const { pacing, at } = setUp();
    const end = pacing.begin('c');
    at(4000);
    end();
    expect(pacing.spacingMs('c')).toBe(20_000);
    at(10_000);
    expect(pacing.due('c')).toBe(false);
    at(15_000);
    expect(pacing.due('c')).toBe(false);
    at(20_000);
    expect(pacing.due('c')).toBe(true);
    expect(pacing.due('other')).toBe(true);
  });

  it('forgets a detached cluster', () => {
    const { pacing, at } = setUp();
    const end = pacing.begin('c');
    at(9000);
    end();
    pacing.forget('c');
    expect(pacing.due('c')).toBe(true);
    expect(pacing.spacingMs('c')).toBe(5000);
  });
});
