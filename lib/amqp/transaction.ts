/**
 * @module A channel in tx mode (tx.select): publishes and settlements wait here until tx.commit applies them, or
 * tx.rollback drops the publishes and gives the settled deliveries back to the channel as unacked, as RabbitMQ does.
 * What it holds is bounded: publishes' bytes (all channels of the connection together) and steps. RabbitMQ has no
 * such bound; over it the channel is closed with 406 PRECONDITION_FAILED (a soft error: the transaction is rolled
 * back, the connection and its other channels live on, and the client may retry with smaller transactions).
 */
import { REPLY } from './codec';
import { ByteBudget } from './connection-limits';
import type { AssembledMessage } from './content-assembly';
import { AmqpError } from './reply-codes';
import type { Outstanding } from './unacked-deliveries';

export type Settlement = 'ack' | 'requeue' | 'reject';

export type TransactionStep = { kind: 'publish'; message: AssembledMessage } | { kind: 'settle'; how: Settlement; picked: Outstanding[] };

export class Transaction {
  private steps: TransactionStep[] = [];
  /** Payload bytes this transaction holds of the connection's budget. */
  private bytes = 0;

  constructor(
    private readonly budget: ByteBudget = new ByteBudget(Infinity),
    private readonly maxSteps = Infinity,
  ) {}

  publish(message: AssembledMessage): void {
    this.room();
    const size = message.payload.length;
    if (!this.budget.take(size)) {
      throw new AmqpError(
        REPLY.PRECONDITION_FAILED,
        `uncommitted transactions of this connection would hold more than ${this.budget.limit} bytes of messages: commit smaller transactions`,
      );
    }
    this.bytes += size;
    this.steps.push({ kind: 'publish', message });
  }

  settle(how: Settlement, picked: Outstanding[]): void {
    this.room();
    this.steps.push({ kind: 'settle', how, picked });
  }

  /** The steps of the transaction so far, in order; it starts afresh (and lets go of its bytes). */
  take(): TransactionStep[] {
    const steps = this.steps;
    this.steps = [];
    this.budget.give(this.bytes);
    this.bytes = 0;
    return steps;
  }

  private room(): void {
    if (this.steps.length >= this.maxSteps) {
      throw new AmqpError(REPLY.PRECONDITION_FAILED, `a transaction may hold ${this.maxSteps} publishes and acknowledgements before tx.commit`);
    }
  }

  /** The deliveries settled so far: a rollback (or a closing channel) gives them back. */
  settled(): Outstanding[] {
    return this.steps.flatMap((step) => (step.kind === 'settle' ? step.picked : []));
  }
}
