import { ClusterAmqp } from './lib/rabbitmq/cluster-amqp';
import { scanDeadLetters } from './lib/rabbitmq/replay-pass';
import { toReplaySpec } from './lib/engine/jobs/replay-filter';
const cluster = JSON.parse(process.env.TEST_RABBITMQ_CLUSTER!);
const pool = new ClusterAmqp('x', cluster);
(async () => {
  await pool.withConfirmChannel('/', async (ch) => {
    await ch.assertQueue('scratch-dlq', { durable: true });
    await ch.assertQueue('scratch-work', { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': 'scratch-dlq' } });
    ch.sendToQueue('scratch-work', Buffer.from('x'), { expiration: '1', headers: { kind: 'a' }, messageId: 'a-1' });
    await ch.waitForConfirms();
  });
  await new Promise((r) => setTimeout(r, 500));
  console.log('scanning');
  const t = setTimeout(() => console.log('still scanning after 5s'), 5000);
  const result = await pool.withConfirmChannel('/', (ch) => scanDeadLetters(ch, 'scratch-dlq', toReplaySpec({ filter: { headers: { kind: 'a' } } }, Date.now(), 0, 5)));
  clearTimeout(t);
  console.log(result);
  await pool.withChannel('/', async (ch) => { await ch.deleteQueue('scratch-dlq'); await ch.deleteQueue('scratch-work'); });
  pool.close();
})().catch((e) => { console.error('ERR', e); process.exit(1); });
