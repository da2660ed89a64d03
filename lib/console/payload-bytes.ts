/** @module A browsed message's payload as bytes and as text, whichever encoding the API sent it in. */
import type { PayloadEncoding } from '@/lib/client/types';

export interface EncodedPayload {
  payload: string;
  payloadEncoding: PayloadEncoding;
}

export function payloadBytes({ payload, payloadEncoding }: EncodedPayload): Uint8Array {
  if (payloadEncoding === 'utf8') return new TextEncoder().encode(payload);
  let binary: string;
  try {
    binary = atob(payload);
  } catch {
    return new Uint8Array();
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The payload as text; bytes that are not UTF-8 become U+FFFD (the API only sends base64 when some are not). */
export function payloadText(message: EncodedPayload): string {
  if (message.payloadEncoding === 'utf8') return message.payload;
  return new TextDecoder('utf-8', { fatal: false }).decode(payloadBytes(message));
}

/** One line of the payload's text for a list: whitespace collapsed, cut at `max` characters with an ellipsis. */
export function payloadPreview(message: EncodedPayload, max = 80): string {
  const text = payloadText(message).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
