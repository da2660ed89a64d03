import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/client/api-error';
import { attachClusterBody, clusterFormOf, emptyClusterForm, serverFieldProblem, updateClusterBody, urlLines } from './cluster-form';

const filled = {
  ...emptyClusterForm,
  name: ' prod ',
  managementUrls: 'http://127.0.0.1:15701\n\n  http://127.0.0.1:15702  \r\n',
  amqpUrls: 'amqp://127.0.0.1:5701',
  username: 'switchboard',
  password: ' secret ',
};
const cluster = { name: 'prod', managementUrls: ['http://a:15672'], amqpUrls: ['amqp://a:5672'], hasCa: true };

describe('urlLines', () => {
  it('keeps the non-empty lines, trimmed', () => {
    expect(urlLines(' a \n\n\r\nb\r\n ')).toEqual(['a', 'b']);
  });
});

describe('attachClusterBody', () => {
  it('sends the lists line by line, the password exactly as typed, and no CA when none is given', () => {
    expect(attachClusterBody(filled)).toEqual({
      ok: true,
      body: { name: 'prod', managementUrls: ['http://127.0.0.1:15701', 'http://127.0.0.1:15702'], amqpUrls: ['amqp://127.0.0.1:5701'], username: 'switchboard', password: ' secret ' },
    });
  });

  it('names every field left empty, and leaves what makes a URL or a CA right to the server', () => {
    const result = attachClusterBody({ ...emptyClusterForm });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['name', 'managementUrls', 'amqpUrls', 'username', 'password']);
    const sent = attachClusterBody({ ...emptyClusterForm, name: 'x', managementUrls: 'amqp://wrong:5672', amqpUrls: 'amqp://a', username: 'u', password: 'p', ca: 'not a pem' });
    expect(sent.ok && sent.body).toMatchObject({ managementUrls: ['amqp://wrong:5672'], ca: 'not a pem' });
  });

  it('keeps a PEM CA', () => {
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const result = attachClusterBody({ ...filled, ca: `\n${ca}\n` });
    expect(result.ok && result.body.ca).toBe(ca);
  });
});

describe('updateClusterBody', () => {
  it('opens with the cluster and blank credentials, and sends nothing when nothing changed', () => {
    const values = clusterFormOf(cluster);
    expect(values).toMatchObject({ name: 'prod', managementUrls: 'http://a:15672', username: '', password: '' });
    expect(updateClusterBody(cluster, values)).toEqual({ ok: false, problems: [{ message: 'Nothing changed.' }] });
  });

  it('sends only the changed fields; blank credentials are kept', () => {
    const values = { ...clusterFormOf(cluster), amqpUrls: 'amqp://a:5672\namqp://b:5672', password: 'new' };
    expect(updateClusterBody(cluster, values)).toEqual({ ok: true, body: { amqpUrls: ['amqp://a:5672', 'amqp://b:5672'], password: 'new' } });
  });

  it('removes the CA with null, and only when the cluster has one', () => {
    expect(updateClusterBody(cluster, { ...clusterFormOf(cluster), removeCa: true })).toEqual({ ok: true, body: { ca: null } });
    expect(updateClusterBody({ ...cluster, hasCa: false }, { ...clusterFormOf(cluster), removeCa: true }).ok).toBe(false);
  });
});

describe('serverFieldProblem', () => {
  it('marks the field the server’s refusal names, with its problem', () => {
    const error = new ApiError({ status: 400, code: 'bad_request', message: 'No management URL answered', details: { field: 'managementUrls', problem: 'unreachable', index: 0 } });
    expect(serverFieldProblem(error)).toEqual({ field: 'managementUrls', message: 'Refused by the server: unreachable.' });
    const taken = new ApiError({ status: 409, code: 'precondition_failed', message: 'taken', details: { field: 'name', problem: 'taken', id: 'x' } });
    expect(serverFieldProblem(taken)).toEqual({ field: 'name', message: 'Refused by the server: taken.' });
  });

  it('ignores errors that name no field of the form', () => {
    expect(serverFieldProblem(new ApiError({ status: 409, code: 'precondition_failed', message: 'x', details: { field: 'SWITCHBOARD_SECRET_KEY', problem: 'missing' } }))).toBeUndefined();
    expect(serverFieldProblem(new Error('x'))).toBeUndefined();
  });
});
