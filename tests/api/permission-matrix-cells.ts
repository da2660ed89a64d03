/** @module The permission matrix's vocabulary: what a cell expects, the names a row acts on, and each door's answer for a cell. */
import { expect } from 'vitest';

export type Permission = 'configure' | 'write' | 'read';
export type ResourceKind = 'queue' | 'exchange';

/**
 * One cell of the matrix: allowed (`ok`), or refused for want of a permission on the row's resource for it, of any
 * permission in the vhost (`vhost`), of the administrator tag (`tag`), or because the API key is read-only. Over AMQP,
 * also RabbitMQ's own 403s, whose order against the permission checks the matrix pins: an operation on the default
 * exchange, deleting a built-in exchange, a new name with the reserved `amq.` prefix (the name the `configure` check is on).
 */
export type Cell = 'ok' | Permission | 'vhost' | 'tag' | 'readonly' | AmqpOnlyCell;
export type AmqpOnlyCell = 'default-exchange' | 'system-exchange' | 'reserved-name';

/**
 * A name as a row writes it: `orders.q` becomes `orders.q.r3c2` in row 3, column 2, so that no two cells share a queue
 * or an exchange; built-in exchanges (`amq.*`) and the default exchange (`''`) stay themselves. Cell suffixes are
 * made of digits on purpose: a profile's name in them would let `orders.*` (an unanchored search) match `billing.*`.
 */
export type Slot = string;
export type Namer = (slot: Slot) => string;

export function namer(row: number, column: number): Namer {
  return (slot) => (slot === '' || slot.startsWith('amq.') ? slot : `${slot}.r${row}c${column}`);
}

/** The resource each permission of a row is checked on. No operation needs one permission on two resources. */
export type Checks = Partial<Record<Permission, [ResourceKind, Slot]>>;

/** Who a cell's request comes from, where it goes. */
export interface CellContext {
  user: string;
  vhost: string;
  /** The read-only API key's name (its refusals name it). */
  keyName: string;
}

/** The name permissions see: the default exchange is `amq.default` (rabbit_access_control). */
const checkedName = (kind: ResourceKind, name: string) => (kind === 'exchange' && name === '' ? 'amq.default' : name);

function resourceOf(cell: Permission, checks: Checks, name: Namer): { kind: ResourceKind; name: string } {
  const check = checks[cell];
  if (!check) throw new Error(`the row names no resource for '${cell}'`);
  return { kind: check[0], name: checkedName(check[0], name(check[1])) };
}

/** RabbitMQ 3.10's words for a refused resource, the same over HTTP (the message) and AMQP (the reply text). */
export const refusedText = (kind: string, resource: string, vhost: string, user: string) =>
  `access to ${kind} '${resource}' in vhost '${vhost}' refused for user '${user}'`;

/** An HTTP answer as the matrix compares it: `ok` for any 2xx, else the status and the error body. */
export type HttpOutcome = 'ok' | { status: number; error: unknown };

export function httpExpectation(cell: Cell, checks: Checks, name: Namer, context: CellContext): HttpOutcome {
  const { user, vhost, keyName } = context;
  const forbidden = (message: unknown, details: unknown) => ({ status: 403, error: { code: 'forbidden', message, details } });
  switch (cell) {
    case 'ok':
      return 'ok';
    case 'vhost':
      return forbidden(`access to vhost '${vhost}' refused for user '${user}'`, { permission: 'vhost', resource: { kind: 'vhost', name: vhost } });
    case 'tag':
      return forbidden(expect.stringContaining(`needs the 'administrator' tag; user '${user}' does not have it`), {
        permission: 'administrator',
        resource: { kind: 'tag', name: 'administrator' },
      });
    case 'default-exchange':
    case 'system-exchange':
    case 'reserved-name':
      throw new Error(`'${cell}' is an AMQP cell`);
    case 'readonly':
      return forbidden(expect.stringMatching(new RegExp(`^API key '${keyName}' is read-only: .* is refused$`)), {
        permission: 'write',
        resource: { kind: 'apiKey', name: keyName },
      });
    default: {
      const resource = resourceOf(cell, checks, name);
      return forbidden(refusedText(resource.kind, resource.name, vhost, user), { permission: cell, resource: { ...resource, vhost } });
    }
  }
}

/** An AMQP operation's end: done, or its channel (or connection) closed by the server with this reply. */
export type AmqpOutcome = 'ok' | { code: number; text: string };

export function amqpExpectation(cell: Cell, checks: Checks, name: Namer, context: CellContext): AmqpOutcome {
  switch (cell) {
    case 'ok':
      return 'ok';
    case 'readonly':
      return { code: 403, text: `ACCESS_REFUSED - API key '${context.keyName}' is read-only: this action is refused` };
    case 'vhost':
    case 'tag':
      throw new Error(`'${cell}' is not an AMQP channel cell: a user without the vhost is refused at connection.open`);
    case 'default-exchange':
      return { code: 403, text: 'ACCESS_REFUSED - operation not permitted on the default exchange' };
    case 'system-exchange': {
      const resource = resourceOf('configure', checks, name);
      return { code: 403, text: `ACCESS_REFUSED - deletion of system exchange '${resource.name}' in vhost '${context.vhost}' not allowed` };
    }
    case 'reserved-name': {
      const resource = resourceOf('configure', checks, name);
      return { code: 403, text: `ACCESS_REFUSED - ${resource.kind} name '${resource.name}' contains reserved prefix 'amq.*'` };
    }
    default: {
      const resource = resourceOf(cell, checks, name);
      return { code: 403, text: `ACCESS_REFUSED - ${refusedText(resource.kind, resource.name, context.vhost, context.user)}` };
    }
  }
}
