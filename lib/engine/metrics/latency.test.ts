import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { LATENCY_CELLS, LatencyRecorder, cellHigh, cellLow, cellOf, mergeEncoded, newHistogram, addEncoded, summarize } from './latency';

describe('latency cells', () => {
  it('lay values out as an HdrHistogram with 2 significant digits does', () => {
    const reference = new hdr.Int32Histogram(1, 2 ** 24, 2);
    for (const v of [0, 1, 127, 255, 256, 257, 511, 512, 1000, 4097, 65_535, 1_000_000, 2 ** 24 - 2]) {
      const cell = cellOf(v);
      expect(cell).toBeLessThan(LATENCY_CELLS);
      expect(cellLow(cell)).toBe(reference.lowestEquivalentValue(v));
      expect(cellHigh(cell)).toBe(reference.highestEquivalentValue(v));
    }
  });

  it('records per second without losing the hdr precision, and rolls seconds into a mergeable 10 s histogram', () => {
    const recorder = new LatencyRecorder();
    for (let i = 1; i <= 1000; i++) recorder.record(i);
    const out = new Uint16Array(3);
    recorder.closeSecond(out, 0);
    expect(cellHigh(out[0] - 1)).toBeGreaterThanOrEqual(500);
    expect(cellHigh(out[0] - 1)).toBeLessThanOrEqual(505);
    expect(Math.abs(cellHigh(out[2] - 1) - 990) / 990).toBeLessThan(0.01);
    for (let i = 1; i <= 1000; i++) recorder.record(2000);
    recorder.closeSecond(out, 0);
    const encoded = recorder.closeTen();
    const merged = newHistogram();
    addEncoded(merged, mergeEncoded(encoded, ''));
    const summary = summarize(merged);
    expect(summary.count).toBe(2000);
    expect(Math.abs(summary.p50 - 1000) / 1000).toBeLessThan(0.01);
    expect(Math.abs(summary.max - 2000) / 2000).toBeLessThan(0.01);
    expect(recorder.cumulative.count).toBe(2000);
    expect(recorder.cumulative.bucketCounts.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('closes a minute with the same counts as merging its 10 s histograms, and empty when nothing was recorded', () => {
    const recorder = new LatencyRecorder();
    const out = new Uint16Array(3);
    const tens: string[] = [];
    for (let second = 0; second < 60; second++) {
      for (let i = 0; i <= second % 7; i++) recorder.record(((second * 37 + i * 101) % 3000) + 0.5);
      recorder.closeSecond(out, 0);
      if (second % 10 === 9) tens.push(recorder.closeTen());
    }
    const merged = tens.reduce((a, b) => mergeEncoded(a, b));
    const minute = newHistogram();
    addEncoded(minute, recorder.closeMinute());
    const expected = newHistogram();
    addEncoded(expected, merged);
    expect(minute.totalCount).toBe(expected.totalCount);
    for (const p of [1, 25, 50, 90, 99, 100]) expect(minute.getValueAtPercentile(p)).toBe(expected.getValueAtPercentile(p));
    expect(recorder.closeMinute()).toBe('');
  });

  it('counts past the 16-bit cell limit in one second', () => {
    const recorder = new LatencyRecorder();
    for (let i = 0; i < 70_000; i++) recorder.record(3);
    recorder.closeSecond(new Uint16Array(3), 0);
    const merged = newHistogram();
    addEncoded(merged, recorder.closeTen());
    expect(merged.totalCount).toBe(70_000);
  });
});
