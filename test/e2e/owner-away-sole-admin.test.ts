// revp60 F4: the owner the daily owners' check marks is the desk's only staff admin. The
// owner-away DM is never the owner's: with no other staff admin, the staff managers are told,
// once (a later run writes the same keys).
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, TRIAGE_CHANNEL_ID: 'C0TRIAGE01' },
  now: '2026-11-24T02:00:00Z',
});
const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));

test('the only staff admin owns customers and is made a guest: the staff manager is told', async () => {
  await app.setSettings(() => ({
    admins: [ADMIN],
    managers: [MANAGER],
    accountManagers: [OWNER],
  }));
  app.fake.users.set(ADMIN, { id: ADMIN, real_name: 'Wang Fang', team: FAKE_TEAM_ID });
  const { code } = await makeCustomer(app, { ownerId: OWNER });
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { ownerId: ADMIN });
  await app.desk.outbox.drain();
  try {
    app.fake.users.set(ADMIN, {
      id: ADMIN,
      real_name: 'Wang Fang',
      team: FAKE_TEAM_ID,
      is_restricted: true,
    });
    app.fake.reset();
    const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a']);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(run!.counts).toMatchObject({ customersMarkedGuestOwned: 1 });
    expect(texts(MANAGER).filter((t) => t.includes('another owner'))).toHaveLength(1);
    expect(texts(ADMIN).filter((t) => t.includes('another owner'))).toEqual([]);
    // The next day's run: nothing left to mark, nobody told again.
    app.fake.reset();
    await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z', ['a']);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(texts(MANAGER).filter((t) => t.includes('another owner'))).toEqual([]);
  } finally {
    app.fake.users.delete(ADMIN);
  }
});
