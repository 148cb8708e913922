// An SLA list or DM (taken out whole by an edit, naming every ticket it had a line about) is one
// message: an erasure of a customer with several tickets on it edits it once, not once for each
// of its tickets (revland-c F4).
import { expect, test } from 'vitest';

import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { runDue } from '../../src/schedule/runner.js';

const ADMIN = 'U0ADMIN001';
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: {
    TRIAGE_CHANNEL_ID: TRIAGE,
    ALERTS_CHANNEL_ID: ALERTS,
    ADMIN_USER_IDS: ADMIN,
  },
  now: '2026-11-24T02:00:00Z',
});

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

test('an erasure of a customer with three tickets on one SLA list edits that list once', async () => {
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const tickets = [];
  for (const title of ['Wangfang gate', 'Wangfang oven', 'Wangfang door'])
    tickets.push(await makeTicket(app, { customerCode: erased.code, severity: 'urgent', title }));
  await runJobAt(app, slaAlertsJob, '2026-11-24T03:30:30Z');
  const list = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === ALERTS);
  const dms = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === OWNER);
  expect(list).toHaveLength(1);
  expect(dms).toHaveLength(1);
  app.fake.reset();
  await eraseInSlack(erased.code);
  await app.desk.outbox.drain();
  const counts = [...list, ...dms].map((c) => updatesOf(tsOf(c)).length);
  expect(counts).toEqual([1, 1]);
});

test('an erasure of a customer whose SLA list edit retention still owes makes that edit an erasure’s, due now: the list is edited once', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT] }));
  const erased = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: erased.code,
    severity: 'urgent',
    title: 'Wangfang gate',
  });
  await runJobAt(app, slaAlertsJob, '2026-11-24T03:30:30Z');
  const list = app.fake.tookCalls('chat.postMessage').filter((c) => c.args.channel === ALERTS);
  expect(list).toHaveLength(1);
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate fixed' }, AGENT);
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  // Retention takes the ticket's words: its edit of the list is owed, not sent yet (the worker
  // has not run), a routine one (behind an erasure's on the edits lane).
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  app.clock.set('2027-01-05T01:00:00Z');
  await runDue(jobDeps(app), [privacyRetentionJob]);
  const key = `edit:list:${ALERTS}:${tsOf(list[0]!)}`;
  const owed = await app.db.models.outbox.findOne({ key }).lean();
  expect(owed).toMatchObject({ state: 'pending' });
  expect(owed?.erasure).toBeUndefined();
  // The customer is erased before the worker sends it: the same edit, the erasure's now.
  app.clock.set('2027-01-05T01:05:00Z');
  app.fake.reset();
  await eraseInSlack(erased.code);
  const after = await app.db.models.outbox.findOne({ key }).lean();
  expect(after).toMatchObject({ state: 'pending', erasure: true });
  expect(after!.nextAt.getTime()).toBeLessThanOrEqual(app.clock.now().getTime());
  await app.desk.outbox.drain();
  expect(updatesOf(tsOf(list[0]!))).toHaveLength(1);
});
