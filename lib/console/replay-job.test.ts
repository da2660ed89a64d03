import { describe, expect, it } from 'vitest';
import { isJobActive, jobOutcomeLabel, jobProgressPercent, jobTone, sortJobs } from './replay-job';

const job = (over: Partial<{ status: 'running' | 'paused' | 'completed' | 'cancelled' | 'failed'; total: number; done: number; skipped: number; failed: number; error: string }>) => ({
  status: 'running' as const,
  total: 10,
  done: 0,
  skipped: 0,
  failed: 0,
  ...over,
});

describe('jobProgressPercent', () => {
  it('counts moved, skipped and failed against the total', () => {
    expect(jobProgressPercent(job({ done: 3, skipped: 1, failed: 1 }))).toBe(50);
    expect(jobProgressPercent(job({ done: 1, total: 3 }))).toBe(33);
    expect(jobProgressPercent(job({ done: 12 }))).toBe(100);
  });
  it('treats an empty job as 0 while active and 100 once finished', () => {
    expect(jobProgressPercent(job({ total: 0 }))).toBe(0);
    expect(jobProgressPercent(job({ total: 0, status: 'completed' }))).toBe(100);
  });
});

describe('jobOutcomeLabel', () => {
  it('names the status and the counts', () => {
    expect(jobOutcomeLabel(job({ status: 'completed', total: 5, done: 5 }))).toBe('Completed: 5 moved of 5 messages');
    expect(jobOutcomeLabel(job({ status: 'cancelled', done: 2, skipped: 1 }))).toBe('Cancelled: 2 moved, 1 skipped of 10 messages');
    expect(jobOutcomeLabel(job({ status: 'failed', total: 1, failed: 1, error: 'disk full' }))).toBe('Failed: 0 moved, 1 failed of 1 message (disk full)');
    expect(jobOutcomeLabel(job({ status: 'paused', done: 1234, total: 5000 }))).toBe('Paused: 1,234 moved of 5,000 messages');
  });
});

describe('isJobActive, jobTone, sortJobs', () => {
  it('classifies jobs', () => {
    expect(isJobActive({ status: 'running' })).toBe(true);
    expect(isJobActive({ status: 'paused' })).toBe(true);
    expect(isJobActive({ status: 'cancelled' })).toBe(false);
    expect(jobTone(job({ status: 'completed', done: 10 }))).toBe('ok');
    expect(jobTone(job({ status: 'completed', done: 9, skipped: 1 }))).toBe('warn');
    expect(jobTone(job({ status: 'failed' }))).toBe('bad');
    expect(jobTone(job({ status: 'running' }))).toBe('neutral');
  });
  it('sorts newest first', () => {
    expect(sortJobs([{ id: 'a', startedAt: 1 }, { id: 'b', startedAt: 3 }, { id: 'c', startedAt: 2 }]).map((j) => j.id)).toEqual(['b', 'c', 'a']);
  });
});
