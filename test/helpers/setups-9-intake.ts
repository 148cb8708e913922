// A desk where a new ticket's customer can be erased while it is filed.
import { beforeEach } from 'vitest';
import { type TestApp, useTestApp } from './app.js';
import { AGENT, makeCustomer, OWNER } from './factories.js';

export const ADMIN = 'U0ADMIN001';
export const TRIAGE = 'C0TRIAGE01';
export const NAME = 'Huadong Machinery';

/**
 * The test app at Tuesday 2026-11-24 10:00 in Shanghai, with a triage channel and ADMIN; before
 * each test, AGENT an agent, OWNER an account manager and the customer NAME made (with `contact`
 * when given), its code handed to `setCode`.
 */
export function useIntakeDesk(
  setCode: (code: string) => void,
  contact?: { name: string },
): TestApp {
  const app = useTestApp({
    env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
    now: '2026-11-24T02:00:00Z',
  });
  beforeEach(async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    setCode((await makeCustomer(app, { name: NAME, ...(contact ? { contact } : {}) })).code);
  });
  return app;
}
