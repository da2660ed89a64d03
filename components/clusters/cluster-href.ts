/** @module The address of a cluster's page, its id encoded once (ids come from the server and are never trusted as a path). */

export function clusterHref(id: string): string {
  return `/clusters/${encodeURIComponent(id)}`;
}
