/**
 * @module Where a vhost's resources live in the API: the one place that decides the prefix of every vhost-scoped call,
 * on the embedded broker (`/vhosts/{vhost}`) or on an attached cluster (`/clusters/{id}/vhosts/{vhost}`, same shapes).
 */
import { segment } from './http';

/**
 * The base of a vhost's resources under `root` (`/api/v1`). Without a cluster and a vhost, `root` itself: the
 * unprefixed paths address the embedded broker's vhost `/`. A cluster is only reached through a vhost, `/` by default.
 */
export function vhostBase(root: string, cluster: string | undefined, vhost: string | undefined): string {
  if (cluster !== undefined) return `${root}/clusters/${segment(cluster)}/vhosts/${segment(vhost ?? '/')}`;
  return vhost === undefined ? root : `${root}/vhosts/${segment(vhost)}`;
}
