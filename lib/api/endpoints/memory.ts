/** @module The memory high watermark: read by monitoring, set at run time by administrators (rabbitmqctl set_vm_memory_high_watermark). */
import { parseWatermark } from '@/lib/server/memory-watermark';
import { administratorOnly } from '../endpoint-access';
import { endpoint } from '../endpoint';
import { ApiError } from '../errors';
import { json } from '../respond';
import { memoryStatusSchema, memoryWatermarkBodySchema } from '../schemas/memory';

export const getMemoryWatermark = endpoint({
  operationId: 'getMemoryWatermark',
  method: 'GET',
  path: '/memory-watermark',
  tag: 'system',
  summary: 'The memory high watermark, the memory in use and whether the memory alarm is raised',
  responses: { 200: { description: 'Memory against its watermark', schema: memoryStatusSchema } },
  errors: ['forbidden'],
  authorize: ({ access }) => access.requireTag('monitoring', 'Reading the memory watermark'),
  handle: ({ services }) => json(services.memory.status()),
});

export const putMemoryWatermark = endpoint({
  operationId: 'putMemoryWatermark',
  method: 'PUT',
  path: '/memory-watermark',
  tag: 'system',
  summary: 'Set the memory high watermark until restart; memory is checked against it at once',
  description:
    'As `rabbitmqctl set_vm_memory_high_watermark`: the value is not kept over a restart (SWITCHBOARD_MEMORY_HIGH_WATERMARK is). ' +
    'Above it publishers are blocked: HTTP publishes answer 503 with `Retry-After`, AMQP publishers get `connection.blocked` and are no longer read.',
  body: memoryWatermarkBodySchema,
  responses: { 200: { description: 'The new watermark, and the alarm it makes', schema: memoryStatusSchema } },
  errors: ['forbidden'],
  authorize: administratorOnly('Setting the memory watermark'),
  audit: { action: 'memory-watermark.set', resource: () => 'memory watermark' },
  handle: ({ services, body, note }) => {
    let watermark;
    try {
      watermark = parseWatermark(body.watermark);
    } catch (error) {
      throw new ApiError('bad_request', (error as Error).message, [{ in: 'body', path: ['watermark'], code: 'invalid_value', message: (error as Error).message }]);
    }
    const status = services.memory.setWatermark(watermark);
    note({ detail: { watermark: status.watermark, limitBytes: status.limitBytes } });
    return json(status);
  },
});
