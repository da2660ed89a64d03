/**
 * @module A channel in tx mode (tx.select): publishes and settlements wait here until tx.commit applies them, or
 * tx.rollback drops the publishes and gives the settled deliveries back to the channel as unacked, as RabbitMQ does.
 */
import type { AssembledMessage } from './content-assembly';
import type { Outstanding } from './unacked-deliveries';

export type Settlement = 'ack' | 'requeue' | 'reject';

export type TransactionStep = { kind: 'publish'; message: AssembledMessage } | { kind: 'settle'; how: Settlement; picked: Outstanding[] };

export class Transaction {
  private steps: TransactionStep[] = [];

  publish(message: AssembledMessage): void {
    this.steps.push({ kind: 'publish', message });
  }

  settle(how: Settlement, picked: Outstanding[]): void {
    this.steps.push({ kind: 'settle', how, picked });
  }

  /** The steps of the transaction so far, in order; it starts afresh. */
  take(): TransactionStep[] {
    const steps = this.steps;
    this.steps = [];
    return steps;
  }

  /** The deliveries settled so far: a rollback (or a closing channel) gives them back. */
  settled(): Outstanding[] {
    return this.steps.flatMap((step) => (step.kind === 'settle' ? step.picked : []));
  }
}
