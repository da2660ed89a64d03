/** @module Turns a `bad_request` error's `details` into lines a person can read, whatever their exact shape. */
import { ApiError } from './api-error';

/** `["arguments.messageTtlMs: Too small", ...]`; empty when there is nothing field-specific to say. */
export function errorIssues(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const { details } = error;
  if (Array.isArray(details)) return details.map(describeIssue).filter((line): line is string => line !== undefined);
  if (isRecord(details) && isRecord(details.fieldErrors)) {
    return Object.entries(details.fieldErrors).flatMap(([field, messages]) =>
      Array.isArray(messages) ? messages.filter((m) => typeof m === 'string').map((m) => `${field}: ${m}`) : [],
    );
  }
  return [];
}

function describeIssue(issue: unknown): string | undefined {
  if (typeof issue === 'string') return issue;
  if (!isRecord(issue) || typeof issue.message !== 'string') return undefined;
  const path = Array.isArray(issue.path) ? issue.path.map(String).join('.') : typeof issue.path === 'string' ? issue.path : '';
  return path ? `${path}: ${issue.message}` : issue.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
