/** @module The address of a cluster's page, its id encoded once (ids come from the server and are never trusted as a path). */

export function clusterHref(id: string): string {
  return `/clusters/${encodeURIComponent(id)}`;
}

/** The cluster id of a console path (`/clusters/{id}` and below), or undefined elsewhere. */
export function clusterIdOfPath(pathname: string): string | undefined {
  const match = /^\/clusters\/([^/]+)/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
}
