/** @module The dashboard's client: same origin, authenticated by the session cookie. */
import { createSwitchboardClient } from './switchboard-client';

export const browserClient = createSwitchboardClient();
