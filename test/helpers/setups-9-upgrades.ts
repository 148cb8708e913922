// Upgrade intent fields half filled in, as an agent might save them.
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { AGENT } from './upgrades.js';

/**
 * The agent saves `modal` with `form` and what they want but not the tick, then with the tick
 * but not what they want: each refused, said on the field left out.
 */
export async function refusedHalfIntent(
  app: TestApp,
  modal: Record<string, unknown>,
  form: Record<string, string>,
): Promise<void> {
  const unticked = await app.slack.submitView(
    modal,
    { ...form, upgrade_what: '20 more seats' },
    { userId: AGENT },
  );
  expect(unticked.body).toMatchObject({
    response_action: 'errors',
    errors: { upgrade_intent: expect.stringContaining('Tick Upgrade intent') },
  });
  const empty = await app.slack.submitView(
    modal,
    { ...form, upgrade_intent: 'yes' },
    { userId: AGENT },
  );
  expect(empty.body).toMatchObject({
    response_action: 'errors',
    errors: { upgrade_what: expect.stringContaining('Say what they want') },
  });
}
