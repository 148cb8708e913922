// An open desk on an install Slack will never describe people to (installed without users:read:
// users.info answers missing_scope): the desk cannot tell a guest from a member, so what only the
// open desk would let a person without a role do is refused with what helps (a reinstall, or a
// role), not a "try again" that never would; Slack is not asked again meanwhile. A file of its own:
// the refusal is remembered for the install's token, for everyone.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { describe, expect, test } from 'vitest';
import { claimOnCard } from '../helpers/clicks.js';
import { AGENT, makeTicket } from '../helpers/factories.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';

const UNCHECKED = 'U0MEMBER05';
const PICKED = 'U0MEMBER06';

// No first admin here (ADMIN_USER_IDS), as before the shared setup.
const { app } = useGuestsApp({ admin: false });

const UNCHECKED_REFUSAL =
  "This desk can't ask Slack whether you're a member or a guest of this workspace (the app was installed without the `users:read` permission), so only people with a desk role can change things here. Ask an admin of the desk to reinstall the app from its install page, or to give you a role in `/desk roles`.";

/** A claim from the triage channel as `userId`: the ephemeral answer, and who holds the ticket. */
const claim = (number: string, userId: string) => claimOnCard(app, number, userId, TRIAGE);

describe('an install Slack never tells who is a guest', () => {
  test('a claim is refused with how to get a role or a reinstall, not a "try again"; Slack is not asked again for every request', async () => {
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { number } = await makeTicket(app);
    await app.setSettings(() => ({ agents: [] }));
    app.fake.failNext('users.info', 'missing_scope');
    const refused = await claim(number, UNCHECKED);
    expect(refused.text).toBe(UNCHECKED_REFUSAL);
    expect(refused.assigneeId).toBeUndefined();
    expect(app.logs.map((l) => l.msg)).toContain(
      'users.info refused for this install: the open desk cannot tell guests from members, and counts nobody without a role an agent (reinstall with users:read, or give roles)',
    );
    const asked = app.fake.callsTo('users.info').length;
    expect((await claim(number, PICKED)).text).toBe(UNCHECKED_REFUSAL);
    expect(app.fake.callsTo('users.info')).toHaveLength(asked);
  });
});
