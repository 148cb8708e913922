// The reports' stored days (`figures_daily`) are left alone by an erasure by Slack user (#12):
// they hold figures, record ids and staff user ids only, never a requester's id or words (see
// DataSubjectRepository's note on BY_TEAM). A requester's ticket, resolved and answered with a
// comment, stored by the figures-daily job: the stored day holds the ticket but nothing of them;
// erased through the real Bolt stack (signed requests, fake Slack), nothing of theirs is left in
// any collection and the stored day is as it was.
import { expect, test } from 'vitest';
import { figuresDailyJob } from '../../jobs/figures-daily.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const TRACES = [REQ, 'Coolant leak on line 3', 'Nobody called back about the coolant'];

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

test('a requester’s ticket stored in figures_daily: the stored day holds nothing of them; erased by Slack user, nothing of theirs is left and the stored day is unchanged', async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    requester: { userId: REQ, via: 'slack' },
  });
  await act(app, ticket.number, { action: 'claim' }, AGENT);
  await respond(app, ticket.number, AGENT);
  app.clock.set('2026-11-24T04:00:00Z');
  await act(app, ticket.number, { action: 'resolve', summary: 'Seal replaced' }, AGENT);
  await app.desk.outbox.drain();
  app.clock.set('2026-11-24T05:00:00Z');
  await app.desk.flows.requester.answer(await ctxOf(app, REQ), ticket.id, {
    satisfaction: 2,
    comment: 'Nobody called back about the coolant',
  });
  await app.desk.outbox.drain();

  // 00:30 on the 25th: the 24th is stored, with the ticket and its assignee.
  await runJobAt(app, figuresDailyJob, '2026-11-24T16:30:00Z');
  const day = await app.db.models.figuresDaily
    .findOne({ teamId: FAKE_TEAM_ID, part: 'tickets', day: '2026-11-24' })
    .lean();
  expect(day!.ids).toContain(ticket.id);
  expect(day!.items).toContain(AGENT);
  const inDays = async () =>
    (await scanStrings(app.db, TRACES)).filter((f) => f.startsWith('figures_daily'));
  expect(await inDays()).toEqual([]);
  expect((await scanStrings(app.db, TRACES)).length).toBeGreaterThan(2);

  const res = await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, {
    userId: ADMIN,
  });
  expect(res.body).toBe('');
  const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(modal as never, {}, { userId: ADMIN });
  await app.desk.outbox.drain();
  expect(await scanStrings(app.db, TRACES)).toEqual([]);
  const after = await app.db.models.figuresDaily.findById(day!._id).lean();
  expect(after).toEqual(day);
});
