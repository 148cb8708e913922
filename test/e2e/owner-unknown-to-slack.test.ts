// The daily check of the customers' owners (csvfix F3): an owner Slack says it has no user for
// (users.info: user_not_found, user_not_visible; a typo of an id in an import, say) is told to
// the admins once, on their App Home's problem lines, with how many customers that id owns and
// how to fix it; not daily, and not for a Slack that only failed to answer. The line goes once
// those customers have another owner, or once Slack describes the person again.
import { expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { jobDepsOf } from '../../src/app.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { homeText } from '../helpers/clicks.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { captureLogs } from '../helpers/logs.js';

const ADMIN = 'U0ADMIN001';
/** An owner id Slack answers user_not_found for (armed per run: sorted first of the owners). */
const NOBODY = 'U0NOSUCH01';

const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** The daily tasks run at `iso`, Slack answering `error` for the first users.info (if given). */
async function dailyRun(iso: string, error?: string) {
  app.clock.set(iso);
  app.fake.reset();
  if (error) app.fake.failNext('users.info', error);
  const logs = captureLogs();
  const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
  const [run] = await runDue(deps, [tasksJob]);
  // Home refreshes are due a few seconds after they are written.
  app.clock.advance(5_000);
  await app.desk.outbox.drain();
  const publishedToAdmin = app.fake
    .callsTo('views.publish')
    .filter((c) => c.args.user_id === ADMIN)
    .map((c) => JSON.stringify(c.args.view));
  return { counts: run!.counts, logs: logs.lines, publishedToAdmin };
}

const LINE = 'Slack has no user `U0NOSUCH01`';

test('an owner Slack has no user for is named on the admins’ Home once, with their customers’ count and the fix; gone once the customers have another owner', async () => {
  await makeCustomer(app, { name: 'Acme', ownerId: NOBODY });
  await makeCustomer(app, { name: 'Beta', ownerId: NOBODY });
  await makeCustomer(app, { name: 'Gamma', ownerId: OWNER });

  // Slack not answering (rate limited) is no "no such user": nothing said.
  const late = await dailyRun('2026-11-24T01:00:00Z', 'ratelimited');
  expect(late.counts).toMatchObject({ ownersUnknownToSlack: 0 });
  expect(await homeText(app, ADMIN)).not.toContain(LINE);

  const first = await dailyRun('2026-11-25T01:00:00Z', 'user_not_found');
  expect(first.counts).toMatchObject({ ownersUnknownToSlack: 1 });
  // The admin's Home is drawn again with it (through the outbox), no id in the log line.
  expect(first.publishedToAdmin).toHaveLength(1);
  expect(first.publishedToAdmin[0]).toContain(LINE);
  const said = first.logs.filter((l) => String(l.msg).startsWith('customer owner unknown'));
  expect(said).toHaveLength(1);
  expect(JSON.stringify(said)).not.toContain(NOBODY);
  const home = await homeText(app, ADMIN);
  expect(home).toContain(
    'Slack has no user `U0NOSUCH01` (not found, or not visible to the app), yet 2 customers are owned by that id: nobody is told of their tasks, signals or tickets. Give them another owner: *Owner* in *Edit* on the card, or the `Owner` column of a customers file (`npm run customers -- import`).',
  );
  // Not the owner's own business: their Home says nothing of it.
  expect(await homeText(app, OWNER)).not.toContain(LINE);

  // The next day Slack says the same: told already, the admin's Home not drawn for it again.
  const second = await dailyRun('2026-11-26T01:00:00Z', 'user_not_visible');
  expect(second.counts).toMatchObject({ ownersUnknownToSlack: 0 });
  expect(second.publishedToAdmin).toEqual([]);
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await homeText(app, ADMIN)).toContain(
    'Slack 中没有用户 `U0NOSUCH01`（不存在，或应用无权查看），但有 2 家客户的负责人是这个 ID',
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // One customer handed to someone: the count follows; both handed on, the line goes.
  const ctx = await ctxOf(app, ADMIN);
  const [acme, beta] = await Promise.all(
    ['Acme', 'Beta'].map((name) =>
      app.db.models.customers
        .findOne({ name })
        .lean()
        .then((c) => c!.code),
    ),
  );
  await app.desk.services.customers.update(ctx, acme!, { ownerId: OWNER });
  expect(await homeText(app, ADMIN)).toContain('yet 1 customer is owned by that id');
  await app.desk.services.customers.update(ctx, beta!, { ownerId: OWNER });
  expect(await homeText(app, ADMIN)).not.toContain(LINE);
});

test('an owner Slack had no user for, described again (made visible to the app): no longer named', async () => {
  await makeCustomer(app, { name: 'Acme', ownerId: NOBODY });
  await dailyRun('2026-11-25T01:00:00Z', 'user_not_found');
  expect(await homeText(app, ADMIN)).toContain(LINE);
  const again = await dailyRun('2026-11-26T01:00:00Z');
  expect(again.counts).toMatchObject({ ownersUnknownToSlack: 0 });
  expect(again.publishedToAdmin.some((v) => v.includes(LINE))).toBe(false);
  expect(await homeText(app, ADMIN)).not.toContain(LINE);
});
