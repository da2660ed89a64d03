/**
 * @module Between an `<input type="datetime-local">` (the viewer's local time, to the second, no zone) and the
 * ISO 8601 instant the API takes.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** The input's value for an instant, in the browser's time zone; '' for no instant or one that cannot be read. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** The instant of an input's value, read as local time; undefined when empty or not a time. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}
