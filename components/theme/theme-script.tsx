/**
 * @module Applies the saved dark-mode choice before the first paint, so the page never flashes the
 * wrong scheme. A fixed string: nothing from users or the API is ever put in it.
 */
import { THEME_STORAGE_KEY } from './theme-storage';

const code = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="dark"||t==="light")document.documentElement.classList.add(t)}catch(e){}`;

/** `nonce`: the page's CSP nonce (proxy.ts), without which the browser would not run it. */
export function ThemeScript({ nonce }: { nonce?: string }) {
  return <script nonce={nonce}>{code}</script>;
}
