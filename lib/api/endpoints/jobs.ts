/** @module Dead letters: counts by reason and source queue, replay as a tracked job, and the jobs themselves. */
import { anyoneInVhost, queueLabel } from '../endpoint-access';
import { allowSourceExchanges, authorizeJob, authorizeReplay } from '../replay-access';
import { endpoint } from '../endpoint';
import { json } from '../respond';
import {
  deadLetterCountsSchema,
  jobListQuerySchema,
  jobListSchema,
  jobParamsSchema,
  jobSchema,
  replayBodySchema,
  replayCountSchema,
  replayStartedSchema,
} from '../schemas/jobs';
import { queueParamsSchema } from '../schemas/queues';

export const getDeadLetterCounts = endpoint({
  operationId: 'getDeadLetterCounts',
  method: 'GET',
  path: '/queues/{name}/dead-letters',
  tag: 'dead letters',
  summary: "A queue's ready messages counted by the reason and source queue of their newest x-death entry",
  params: queueParamsSchema,
  description:
    'Kept as messages come and go, so asking costs nothing. Right after a restart the first answer waits for one count of ' +
    'the stored messages; `503 unavailable` if the store cannot be read then (asked again, it resumes).',
  responses: { 200: { description: 'Counts', schema: deadLetterCountsSchema } },
  errors: ['not_found', 'unavailable'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, params, signal }) => json(await backend.deadLetterCounts(params.name, signal)),
});

export const replay = endpoint({
  operationId: 'replay',
  method: 'POST',
  path: '/queues/{name}/replay',
  tag: 'dead letters',
  summary: 'Replay dead letters as a tracked job (or, with `dryRun`, count what would move)',
  description:
    'A replay is a move: each message leaves this queue in the commit that stores it at its destination, keeps its ' +
    'headers (x-death included) and gains `x-redrive-count`. The job resumes after a restart.',
  params: queueParamsSchema,
  body: replayBodySchema,
  responses: {
    200: { description: 'With `dryRun`: how many would move', schema: replayCountSchema },
    202: { description: 'The job started', schema: replayStartedSchema },
  },
  errors: ['not_found', 'forbidden', 'unavailable'],
  vhostScoped: true,
  authorize: authorizeReplay,
  audit: { action: 'replay.start', resource: queueLabel },
  onClusters: true,
  handle: async ({ backend, access, caller, params, body, note, signal }) => {
    const { dryRun, ...options } = body;
    const changesNothing = dryRun && backend.capabilities.sideEffectFreeReplayPreview === true;
    // One look at the queue serves the permission check, the preview's count and the job's total.
    const plan = await backend.planReplay(params.name, options, signal);
    const sourceExchanges = options.to === 'source' ? plan.sourceExchanges : undefined;
    if (sourceExchanges) allowSourceExchanges(access, params.name, sourceExchanges, !changesNothing);
    const replay = { ...options, ...(sourceExchanges ? { sourceExchanges } : {}) };
    if (dryRun) {
      note({ action: 'replay.count', affected: plan.count, detail: { to: options.to } });
      return json({ count: plan.count });
    }
    const job = await backend.startReplay(params.name, replay, caller?.user ?? 'unknown', plan);
    note({ affected: job.total, detail: { jobId: job.id, to: options.to, total: job.total, ...(sourceExchanges ? { sourceExchanges } : {}) } });
    return json({ jobId: job.id }, 202);
  },
});

export const listJobs = endpoint({
  operationId: 'listJobs',
  method: 'GET',
  path: '/jobs',
  tag: 'dead letters',
  summary: 'Recent jobs, newest first (running, paused and finished)',
  query: jobListQuerySchema,
  responses: { 200: { description: 'Jobs', schema: jobListSchema } },
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, query }) => json(await backend.listJobs(query.queue)),
});

export const getJob = endpoint({
  operationId: 'getJob',
  method: 'GET',
  path: '/jobs/{jobId}',
  tag: 'dead letters',
  summary: 'One job with its progress',
  params: jobParamsSchema,
  responses: { 200: { description: 'The job', schema: jobSchema } },
  errors: ['not_found'],
  vhostScoped: true,
  authorize: anyoneInVhost,
  onClusters: true,
  handle: async ({ backend, params }) => json(await backend.getJob(params.jobId)),
});

export const pauseJob = endpoint({
  operationId: 'pauseJob',
  method: 'POST',
  path: '/jobs/{jobId}/pause',
  tag: 'dead letters',
  summary: 'Pause a running job (409 when it has finished)',
  params: jobParamsSchema,
  responses: { 200: { description: 'The job', schema: jobSchema } },
  errors: ['not_found', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: async ({ access, backend, params }) => authorizeJob(access, await backend.getJob(params.jobId)),
  onClusters: true,
  audit: { action: 'replay.pause', resource: ({ params }) => `job '${params.jobId}'` },
  handle: async ({ backend, params, note }) => {
    const job = await backend.pauseJob(params.jobId);
    note({ affected: job.done, detail: { queue: job.queue, done: job.done, skipped: job.skipped, failed: job.failed, total: job.total } });
    return json(job);
  },
});

export const resumeJob = endpoint({
  operationId: 'resumeJob',
  method: 'POST',
  path: '/jobs/{jobId}/resume',
  tag: 'dead letters',
  summary: 'Resume a paused job (409 when it has finished)',
  params: jobParamsSchema,
  responses: { 200: { description: 'The job', schema: jobSchema } },
  errors: ['not_found', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: async ({ access, backend, params }) => authorizeJob(access, await backend.getJob(params.jobId)),
  onClusters: true,
  audit: { action: 'replay.resume', resource: ({ params }) => `job '${params.jobId}'` },
  handle: async ({ backend, params, note }) => {
    const job = await backend.resumeJob(params.jobId);
    note({ affected: job.done, detail: { queue: job.queue, done: job.done, skipped: job.skipped, failed: job.failed, total: job.total } });
    return json(job);
  },
});

export const cancelJob = endpoint({
  operationId: 'cancelJob',
  method: 'DELETE',
  path: '/jobs/{jobId}',
  tag: 'dead letters',
  summary: 'Cancel a running or paused job; what has moved stays moved',
  params: jobParamsSchema,
  responses: { 200: { description: 'The job, cancelled', schema: jobSchema } },
  errors: ['not_found', 'precondition_failed', 'unavailable'],
  vhostScoped: true,
  authorize: async ({ access, backend, params }) => authorizeJob(access, await backend.getJob(params.jobId)),
  onClusters: true,
  audit: { action: 'replay.cancel', resource: ({ params }) => `job '${params.jobId}'` },
  handle: async ({ backend, params, note }) => {
    const job = await backend.cancelJob(params.jobId);
    note({ affected: job.done, detail: { queue: job.queue, done: job.done, skipped: job.skipped, failed: job.failed, total: job.total } });
    return json(job);
  },
});
