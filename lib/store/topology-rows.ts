/** @module What the SQLite and PostgreSQL stores read alike from their topology tables (the columns carry no flags). */
import type { BindingInfo, DestinationType } from '../engine/types';

export interface BindingRow {
  id: string;
  source: string;
  destination: string;
  destination_type: string;
  routing_key: string;
  arguments: string;
}

/** The columns of a store's QueueRow (a raw row, in this order; its flags are each store's own type). */
export const QUEUE_COLUMNS = 'name, durable, auto_delete, exclusive_owner, arguments';

export function bindingFromRow(row: BindingRow): BindingInfo {
  return {
    id: row.id,
    source: row.source,
    destination: row.destination,
    destinationType: row.destination_type as DestinationType,
    routingKey: row.routing_key,
    arguments: JSON.parse(row.arguments),
  };
}
