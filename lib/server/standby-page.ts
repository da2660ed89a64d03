/**
 * @module The one HTML page a standby process shows in place of the console: whose standby it is, where the active
 * console is, and a refresh that turns it into the console once this process takes over. Self-contained (inline
 * style, no script) so it needs nothing the standby cannot serve.
 */
import type { ActiveProcessInfo } from './standby-view';

/** The page forbids everything but its own inline style: it has no script, image or font to load. */
export const STANDBY_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** Seconds between reloads: a takeover happens within seconds, so the console should appear soon after. */
export const STANDBY_PAGE_REFRESH_SECONDS = 5;

export interface StandbyPageInput {
  active: ActiveProcessInfo | null;
  version: string;
  /** When this process started waiting (epoch ms). */
  waitingSince: number;
  problems: readonly string[];
}

/** Everything shown comes from the shared database or the environment: it is inert text, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A link only to a web address: a `javascript:` or `data:` URL from the database must not become clickable. */
function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** The database's numbers are not trusted to be valid times: an invalid one reads "unknown" instead of throwing. */
function isoTime(epochMs: number): string | null {
  return Number.isFinite(epochMs) ? new Date(epochMs).toISOString() : null;
}

function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const seconds = Math.max(0, ms) / 1000;
  return seconds < 60 ? `${seconds.toFixed(1)} s ago` : `${Math.round(seconds / 60)} min ago`;
}

function timeElement(epochMs: number): string {
  const iso = isoTime(epochMs);
  return iso ? `<time datetime="${iso}">${iso}</time>` : 'unknown';
}

function row(term: string, descriptionHtml: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd>${descriptionHtml}</dd></div>`;
}

export function standbyHeading(active: ActiveProcessInfo | null): string {
  return active ? `Standby of ${active.processId}` : 'Standby: no process is active yet';
}

function activeSection(active: ActiveProcessInfo): string {
  const url = active.httpUrl;
  const link =
    url && isWebUrl(url)
      ? `<p class="go"><a href="${escapeHtml(url)}">Open the active console at ${escapeHtml(url)}</a></p>`
      : url
        ? `<p>The active process serves at ${escapeHtml(url)}.</p>`
        : '<p>The active process did not say where its console is.</p>';
  const rows = [
    row('Active process', `<code>${escapeHtml(active.processId)}</code>`),
    row('Active since', timeElement(active.since)),
    row('Its last heartbeat', escapeHtml(formatAge(active.heartbeatAgeMs))),
  ];
  if (active.amqpUrl) rows.push(row('Its AMQP address', `<code>${escapeHtml(active.amqpUrl)}</code>`));
  return `${link}<dl>${rows.join('')}</dl>`;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #f7f7f8; --fg: #1b1d21; --muted: #555b66; --card: #ffffff; --border: #d9dce1;
  --link: #0b57d0; --focus: #0b57d0; --warn: #8a4b00; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111316; --fg: #e8eaed; --muted: #a8afba; --card: #1b1e23; --border: #343941;
    --link: #8ab4f8; --focus: #8ab4f8; --warn: #f5b062; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 42rem; margin: 3rem auto; padding: 1.5rem 2rem; background: var(--card); border: 1px solid var(--border);
  border-radius: 0.5rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; overflow-wrap: anywhere; }
p { margin: 0 0 1rem; }
a { color: var(--link); text-underline-offset: 0.15em; overflow-wrap: anywhere; }
a:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; border-radius: 2px; }
.go { font-size: 1.125rem; font-weight: 600; }
dl { margin: 0 0 1rem; display: grid; gap: 0.5rem; }
dl > div { display: grid; grid-template-columns: 11rem 1fr; gap: 1rem; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.problems { color: var(--warn); }
footer { color: var(--muted); font-size: 0.875rem; border-top: 1px solid var(--border); padding-top: 0.75rem; }
@media (max-width: 32rem) { main { margin: 0; border-radius: 0; padding: 1rem; } dl > div { grid-template-columns: 1fr; gap: 0; } }
`;

/** The whole page: every interpolated value passes through escapeHtml (the ISO times are made here). */
export function renderStandbyPage({ active, version, waitingSince, problems }: StandbyPageInput): string {
  const heading = escapeHtml(standbyHeading(active));
  const meaning = active
    ? 'This Switchboard process is a hot standby: the process above holds the database lock and serves the console, ' +
      'the API and AMQP. If it stops, this process takes over within seconds and this page turns into the console.'
    : 'No process holds the database lock right now. This process (or another standby) takes it within seconds, ' +
      'and this page then turns into the console.';
  const problemList = problems.length
    ? `<ul class="problems" aria-label="Problems">${problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="refresh" content="${STANDBY_PAGE_REFRESH_SECONDS}">
<title>${heading}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${heading}</h1>
<p>${meaning}</p>
${active ? activeSection(active) : ''}
${problemList}
<footer>Switchboard ${escapeHtml(version)}, standby since ${timeElement(waitingSince)}. This page reloads every ${STANDBY_PAGE_REFRESH_SECONDS} seconds.</footer>
</main>
</body>
</html>
`;
}
