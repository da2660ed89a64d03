/** @module The credentials of connection.start-ok: PLAIN ("\0user\0password") and AMQPLAIN (a field table without its length). */
import { decodeFieldTable } from './codec';

export const MECHANISMS = 'PLAIN AMQPLAIN';

export function readCredentials(mechanism: string, response: Buffer): { user: string; password: string } | undefined {
  if (mechanism === 'PLAIN') {
    // An authorization identity may come first; it is ignored, as RabbitMQ does.
    const parts = response.toString('utf8').split('\0');
    if (parts.length !== 3) return undefined;
    return { user: parts[1], password: parts[2] };
  }
  if (mechanism === 'AMQPLAIN') {
    try {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(response.length);
      const { table } = decodeFieldTable(Buffer.concat([length, response]), 0);
      if (typeof table.LOGIN !== 'string' || typeof table.PASSWORD !== 'string') return undefined;
      return { user: table.LOGIN, password: table.PASSWORD };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
