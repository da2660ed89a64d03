/** @module The API key form's fields to the `POST /api-keys` body: a name, read-only or not, and an optional last day. */
import type { ApiKey, CreateApiKeyBody } from '@/lib/client/types';

export interface ApiKeyFormValues {
  name: string;
  readOnly: boolean;
  /** `YYYY-MM-DD` from a date input, or empty for a key that does not expire. */
  expiresOn: string;
}

export const emptyApiKeyForm: ApiKeyFormValues = { name: '', readOnly: false, expiresOn: '' };

export type ApiKeyBodyResult = { ok: true; body: CreateApiKeyBody } | { ok: false; error: string };

/** A key that expires on a day works through that whole day, in the browser's time zone. */
export function apiKeyBody(values: ApiKeyFormValues, now: number): ApiKeyBodyResult {
  const name = values.name.trim();
  if (name === '') return { ok: false, error: 'Give the key a name, so you can tell it apart later.' };
  const body: CreateApiKeyBody = { name, ...(values.readOnly ? { readOnly: true } : {}) };
  if (values.expiresOn === '') return { ok: true, body };
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(values.expiresOn);
  if (!match) return { ok: false, error: 'The expiry date is not a date.' };
  const expiresAt = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1).getTime() - 1;
  if (expiresAt <= now) return { ok: false, error: 'The expiry date has passed; choose today or a later day.' };
  return { ok: true, body: { ...body, expiresAt } };
}

export function isExpired(key: Pick<ApiKey, 'expiresAt'>, now: number): boolean {
  return key.expiresAt !== undefined && key.expiresAt <= now;
}

/** Newest first: the key just made is at the top. */
export function sortApiKeys(keys: readonly ApiKey[]): ApiKey[] {
  return [...keys].sort((a, b) => b.createdAt - a.createdAt || a.name.localeCompare(b.name));
}
