/** @module Schemas of the memory high watermark (RabbitMQ's vm_memory_high_watermark) and its alarm. */
import { z } from 'zod';

const watermarkValue = z
  .union([z.number().min(0).max(1), z.string().trim().min(1).max(32)])
  .describe('A fraction from 0 to 1 of the machine\'s memory (cgroup limit if lower), or an absolute size such as `"2GiB"` or `"512MiB"`.');

export const memoryWatermarkBodySchema = z.object({ watermark: watermarkValue }).strict();

export const memoryStatusSchema = z.object({
  watermark: z.union([z.number(), z.string()]).describe('The watermark in force: a fraction, or an absolute size.'),
  limitBytes: z.number().int().describe('Memory above which publishers are blocked.'),
  usedBytes: z.number().int().describe('Resident memory of the process at the last check.'),
  totalBytes: z.number().int().describe("The machine's memory, or its cgroup limit when lower."),
  alarm: z.boolean().describe('The memory alarm is raised: publishers are blocked, consumers keep draining.'),
});

export type MemoryStatusJson = z.infer<typeof memoryStatusSchema>;
