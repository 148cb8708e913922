import { tasksJob } from '../../jobs/tasks.js';
import type { TestApp } from './app.js';
import { ctxOf, makeCustomer, OWNER } from './factories.js';
import { FAKE_TEAM_ID } from './fake-slack.js';
import { runJobAt } from './jobs.js';

/**
 * A staff member (`admin`, named Wang Fang) takes over a customer from OWNER, then Slack says they
 * are a guest and the daily owners' check (the tasks run of 25 Nov) marks their file: on a desk
 * where nobody else of the staff stands in, their work is held from then on. Returns the
 * customer's code; the outbox is drained, what the fake Slack recorded is kept.
 */
export async function ownerMadeGuest(app: TestApp, admin: string): Promise<string> {
  app.fake.users.set(admin, { id: admin, real_name: 'Wang Fang', team: FAKE_TEAM_ID });
  const { code } = await makeCustomer(app, { ownerId: OWNER });
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { ownerId: admin });
  await app.desk.outbox.drain();
  app.fake.users.set(admin, {
    id: admin,
    real_name: 'Wang Fang',
    team: FAKE_TEAM_ID,
    is_restricted: true,
  });
  await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z', ['a']);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return code;
}
