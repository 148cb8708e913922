// The admins' App Home and the ids Slack said it has no user for (revhome F1b): however many are
// recorded, one admin Home open reads the customers once for them all (a grouped count, not one
// per id), names three and says how many more; the daily check forgets an id that owns nothing
// any more (its customers given another owner), so that it is not read again.
import { expect, test } from 'vitest';
import { countCommands } from '../../bench/commands.js';
import { tasksJob } from '../../jobs/tasks.js';
import { jobDepsOf } from '../../src/app.js';
import { OWNER_UNKNOWN } from '../../src/customer/activity-repository.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { homeText } from '../helpers/clicks.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

const ADMIN = 'U0ADMIN001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/**
 * DB commands of one admin Home open, steady state, with 50 recorded ids: what it costs with none
 * (31) and the one grouped count of their customers.
 */
const HOME_ADMIN_BUDGET = 32;
/** Of those, the reads of customers: the Home's own 3, and the one grouped count. */
const HOME_ADMIN_CUSTOMERS = 4;

const typo = (i: number) => `U0TYPO${String(i).padStart(4, '0')}`;

async function record(ids: string[]) {
  const { teamId } = await ctxOf(app, ADMIN);
  for (const id of ids)
    await app.desk.services.customers.ownerUnknownToSlack({ teamId, now: app.clock.now() }, id);
}

/** One admin Home open, counted (after one uncounted). */
async function adminHomeCost() {
  await homeText(app, ADMIN);
  const counter = countCommands(app.db);
  const text = await homeText(app, ADMIN);
  counter.stop();
  return {
    text,
    n: counter.commands(),
    byColl: counter.commandsByCollection(),
    trace: counter.trace().join('; '),
  };
}

const recorded = () =>
  app.db.models.customerSignals.countDocuments({ kind: OWNER_UNKNOWN }) as Promise<number>;

test('50 recorded ids that own nothing: the admin Home costs what it costs without them; the daily check forgets them', async () => {
  await makeCustomer(app, { name: 'Acme', ownerId: OWNER });
  const before = await adminHomeCost();
  await record(Array.from({ length: 50 }, (_, i) => typo(i)));
  const after = await adminHomeCost();
  expect(after.n, after.trace).toBeLessThanOrEqual(before.n + 1);
  expect(after.byColl.customers, after.trace).toBeLessThanOrEqual(
    (before.byColl.customers ?? 0) + 1,
  );
  expect(after.n, after.trace).toBeLessThanOrEqual(HOME_ADMIN_BUDGET);
  expect(after.text).not.toContain('Slack has no user');
  expect(after.text).not.toMatch(/more ids?/);

  app.clock.set('2026-11-25T01:00:00Z');
  const deps = jobDepsOf(app.desk, { log: captureLogs().log, clock: app.clock, instanceId: 'a' });
  const [run] = await runDue(deps, [tasksJob]);
  expect(run!.counts).toMatchObject({ ownersUnknownForgotten: 50 });
  expect(await recorded()).toBe(0);
});

test('50 recorded ids each owning customers: one grouped read, three named, "and 47 more ids" (en, zh-CN); one given away goes at the daily check, the others stay', async () => {
  const ids = Array.from({ length: 50 }, (_, i) => typo(i));
  // The first id owns three customers, the second two: named first.
  const owners = [ids[0]!, ids[0]!, ids[0]!, ids[1]!, ids[1]!, ...ids.slice(2)];
  for (const [i, ownerId] of owners.entries())
    await makeCustomer(app, { name: `Customer ${i}`, ownerId });
  await record(ids);

  const home = await adminHomeCost();
  expect(home.byColl.customers, home.trace).toBeLessThanOrEqual(HOME_ADMIN_CUSTOMERS);
  expect(home.n, home.trace).toBeLessThanOrEqual(HOME_ADMIN_BUDGET);
  expect(home.text).toContain('Slack has no user `U0TYPO0000`');
  expect(home.text).toContain('yet 3 customers are owned by that id');
  expect(home.text).toContain('Slack has no user `U0TYPO0001`');
  expect(home.text.match(/Slack has no user `/g)).toHaveLength(3);
  expect(home.text).toContain('…and 47 more ids Slack has no user for own customers');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await homeText(app, ADMIN)).toContain(
    '……另有 47 个 Slack 中不存在的用户 ID 仍是客户的负责人',
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // The last id's customer given to someone: its record goes at the daily check, no other.
  const ctx = await ctxOf(app, ADMIN);
  const last = await app.db.models.customers.findOne({ ownerId: ids[49] }).lean();
  await app.desk.services.customers.update(ctx, (last as { code: string }).code, {
    ownerId: OWNER,
  });
  expect(await homeText(app, ADMIN)).toContain('…and 46 more ids');
  app.clock.set('2026-11-25T01:00:00Z');
  const deps = jobDepsOf(app.desk, { log: captureLogs().log, clock: app.clock, instanceId: 'a' });
  // Slack answers user_not_found for each owner asked (49 ids): they stay recorded and named.
  app.fake.failNext('users.info', 'user_not_found', 49);
  const [run] = await runDue(deps, [tasksJob]);
  expect(run!.counts).toMatchObject({ ownersUnknownForgotten: 1 });
  expect(await recorded()).toBe(49);
  expect(await homeText(app, ADMIN)).toContain('…and 46 more ids');
});
