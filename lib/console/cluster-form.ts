/**
 * @module The attach and edit forms of a RabbitMQ cluster, to the bodies of `POST /clusters` and `PATCH /clusters/{id}`,
 * and the server's refusal of one field back onto that field. Only what a person can fix before sending is checked
 * here; whether the URLs answer and the password works only the server can tell (it tries them).
 */
import { ApiError } from '@/lib/client/api-error';
import type { AttachClusterBody, Cluster, ClusterField, ClusterFieldDetails, UpdateClusterBody } from '@/lib/client/cluster-types';

export interface ClusterFormValues {
  name: string;
  /** One URL a line, as typed. */
  managementUrls: string;
  amqpUrls: string;
  username: string;
  password: string;
  /** PEM, or empty. */
  ca: string;
  /** Edit form only: drop the CA the cluster has. */
  removeCa: boolean;
}

export const emptyClusterForm: ClusterFormValues = { name: '', managementUrls: '', amqpUrls: '', username: '', password: '', ca: '', removeCa: false };

/** A problem with one field (or with the form as a whole when `field` is absent). */
export interface FieldProblem {
  field?: ClusterField;
  message: string;
}

export type BodyResult<B> = { ok: true; body: B } | { ok: false; problems: FieldProblem[] };

/** The non-empty lines, trimmed: blank lines and stray spaces around a pasted URL mean nothing. */
export function urlLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The edit form opens with what the cluster has; credentials come back blank ("leave blank to keep"). */
export function clusterFormOf(cluster: Pick<Cluster, 'name' | 'managementUrls' | 'amqpUrls'>): ClusterFormValues {
  return { ...emptyClusterForm, name: cluster.name, managementUrls: cluster.managementUrls.join('\n'), amqpUrls: cluster.amqpUrls.join('\n') };
}

const labels: Record<'managementUrls' | 'amqpUrls', { label: string; example: string }> = {
  managementUrls: { label: 'management URL', example: 'http://rabbit-1:15672' },
  amqpUrls: { label: 'AMQP URL', example: 'amqp://rabbit-1:5672' },
};

/**
 * Only that some URL is there: what makes a URL acceptable is the server's rule (lib/rabbitmq/cluster-connection.ts),
 * and its refusal comes back onto the field, with the line it is about.
 */
function urlProblems(field: 'managementUrls' | 'amqpUrls', urls: string[]): FieldProblem[] {
  const { label, example } = labels[field];
  return urls.length === 0 ? [{ field, message: `Give at least one ${label}, such as ${example}.` }] : [];
}

/** What both forms send whatever else they do: the name and the URL lists, with what is missing from them. */
function nameAndUrls(values: ClusterFormValues) {
  const name = values.name.trim();
  const managementUrls = urlLines(values.managementUrls);
  const amqpUrls = urlLines(values.amqpUrls);
  const problems: FieldProblem[] = [
    ...(name === '' ? [{ field: 'name' as const, message: 'Give the cluster a name.' }] : []),
    ...urlProblems('managementUrls', managementUrls),
    ...urlProblems('amqpUrls', amqpUrls),
  ];
  return { name, managementUrls, amqpUrls, problems };
}

export function attachClusterBody(values: ClusterFormValues): BodyResult<AttachClusterBody> {
  const { name, managementUrls, amqpUrls, problems: missing } = nameAndUrls(values);
  const problems: FieldProblem[] = [
    ...missing,
    ...(values.username.trim() === '' ? [{ field: 'username' as const, message: 'Give the user Switchboard logs in to the cluster as.' }] : []),
    ...(values.password === '' ? [{ field: 'password' as const, message: 'Give that user’s password.' }] : []),
  ];
  if (problems.length > 0) return { ok: false, problems };
  const ca = values.ca.trim();
  return { ok: true, body: { name, managementUrls, amqpUrls, username: values.username.trim(), password: values.password, ...(ca ? { ca } : {}) } };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** Only the fields that change: blank credentials and a blank CA are kept as they are. */
export function updateClusterBody(cluster: Pick<Cluster, 'name' | 'managementUrls' | 'amqpUrls' | 'hasCa'>, values: ClusterFormValues): BodyResult<UpdateClusterBody> {
  const { name, managementUrls, amqpUrls, problems } = nameAndUrls(values);
  if (problems.length > 0) return { ok: false, problems };
  const body: UpdateClusterBody = {};
  if (name !== cluster.name) body.name = name;
  if (!sameList(managementUrls, cluster.managementUrls)) body.managementUrls = managementUrls;
  if (!sameList(amqpUrls, cluster.amqpUrls)) body.amqpUrls = amqpUrls;
  if (values.username.trim() !== '') body.username = values.username.trim();
  if (values.password !== '') body.password = values.password;
  if (values.removeCa && cluster.hasCa) body.ca = null;
  else if (!values.removeCa && values.ca.trim() !== '') body.ca = values.ca.trim();
  if (Object.keys(body).length === 0) return { ok: false, problems: [{ message: 'Nothing changed.' }] };
  return { ok: true, body };
}

const fields: readonly ClusterField[] = ['name', 'managementUrls', 'amqpUrls', 'username', 'password', 'ca'];

/** The field a `bad_request` names in its details, if it names one this form has. */
export function clusterFieldDetails(error: unknown): ClusterFieldDetails | undefined {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return undefined;
  const details = error.details as Record<string, unknown>;
  if (typeof details.field !== 'string' || !(fields as readonly string[]).includes(details.field)) return undefined;
  return {
    field: details.field as ClusterField,
    problem: typeof details.problem === 'string' ? details.problem : 'refused',
    ...(typeof details.index === 'number' ? { index: details.index } : {}),
  };
}

/**
 * The server's refusal marked on the field it names, by its problem code; the whole message is shown beside the form.
 * The URL's index is not repeated: for "no URL answered" the server names the first, though all failed.
 */
export function serverFieldProblem(error: unknown): FieldProblem | undefined {
  const details = clusterFieldDetails(error);
  return details ? { field: details.field, message: `Refused by the server: ${details.problem.replace(/_/g, ' ')}.` } : undefined;
}
