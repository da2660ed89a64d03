/**
 * @module Which vhost the console shows: the one a link asks for (`?vhost=`), else the one chosen last time, else
 * `/`, else the first the viewer may see; never one the viewer may not see.
 */

export const VHOST_PARAM = 'vhost';

export interface VhostChoiceInput {
  /** `?vhost=` of the address the console was opened at. */
  requested?: string | null;
  /** The choice kept from last time. */
  stored?: string | null;
  /** The vhosts the viewer may see (`whoami.vhosts`). */
  visible: readonly string[];
}

export function chooseVhost({ requested, stored, visible }: VhostChoiceInput): string | undefined {
  for (const candidate of [requested, stored, '/']) {
    if (candidate != null && visible.includes(candidate)) return candidate;
  }
  return visible[0];
}

/** `search` (a location's `?...`) with `vhost` set, or removed when it is undefined. */
export function withVhostParam(search: string, vhost: string | undefined): string {
  const params = new URLSearchParams(search);
  if (vhost === undefined) params.delete(VHOST_PARAM);
  else params.set(VHOST_PARAM, vhost);
  const text = params.toString();
  return text ? `?${text}` : '';
}
