// An SLA list or DM (taken out whole by an edit, naming every ticket it had a line about) is one
// message: an erasure of a customer with several tickets on it edits it once, not once for each
// of its tickets (revland-c F4).
import { expect, test } from 'vitest';

import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

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
