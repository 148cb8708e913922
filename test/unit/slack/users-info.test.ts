// One users.info answer per person serves the roles check and the Grid org lookup; the lookup's
// call, aborted when its request stops waiting, is never the answer the roles check gets.
import { describe, expect, test } from 'vitest';
import { SlackPeople } from '../../../src/slack/users-info.js';

const clock = { now: () => new Date('2026-12-02T03:00:00Z') };
const guest = { ok: true, user: { id: 'U0GUEST001', is_restricted: true, name: 'guest' } };

describe('SlackPeople', () => {
  test('a roles check asked while the org lookup’s call is under way asks Slack itself: the lookup’s abort does not make a guest "unknown"', async () => {
    const people = new SlackPeople(clock);
    let abort!: (err: Error) => void;
    const lookup = people.ask(
      'T0TEAM0001',
      'U0GUEST001',
      () => new Promise((_, reject) => (abort = reject)),
      { abortable: true },
    );
    let calls = 0;
    const roles = people.ask('T0TEAM0001', 'U0GUEST001', async () => {
      calls++;
      return guest;
    });
    abort(new Error('This operation was aborted'));
    await expect(lookup).rejects.toThrow('aborted');
    expect((await roles).unfit).toEqual({ reason: 'guest', name: 'guest' });
    expect(calls).toBe(1);
  });

  test('an org lookup asked while a roles check’s call is under way shares it: Slack is asked once', async () => {
    const people = new SlackPeople(clock);
    let calls = 0;
    const call = async () => {
      calls++;
      return guest;
    };
    const [roles, lookup] = await Promise.all([
      people.ask('T0TEAM0001', 'U0GUEST001', call),
      people.ask('T0TEAM0001', 'U0GUEST001', call, { abortable: true }),
    ]);
    expect(calls).toBe(1);
    expect(lookup).toBe(roles);
  });
});
