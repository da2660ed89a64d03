/** @module Where the dark-mode choice lives: a class on <html> (`dark` or `light`) and localStorage. */

export type Theme = 'dark' | 'light';

export const THEME_STORAGE_KEY = 'switchboard-theme';
/** Fired on window when the theme changes, so every toggle re-reads it. */
export const THEME_CHANGE_EVENT = 'switchboard-theme-change';

const darkQuery = '(prefers-color-scheme: dark)';

/** The scheme the page shows now: the explicit choice, else the system's. */
export function currentTheme(): Theme {
  const root = document.documentElement;
  if (root.classList.contains('dark')) return 'dark';
  if (root.classList.contains('light')) return 'light';
  return window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  root.classList.remove('dark', 'light');
  root.classList.add(theme);
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage can be off (private mode); the choice then lasts for this page only.
  }
  window.dispatchEvent(new Event(THEME_CHANGE_EVENT));
}

export function subscribeToTheme(onChange: () => void): () => void {
  const media = window.matchMedia(darkQuery);
  media.addEventListener('change', onChange);
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  return () => {
    media.removeEventListener('change', onChange);
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
  };
}
