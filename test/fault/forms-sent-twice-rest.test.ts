// The forms left after edit-forms-sent-twice: the survey's details, Record delivery, Merge and
// Erase, each submitted twice with the same view id and the same values (Slack's redelivery of a
// view_submission it got no ack for in time, a double click, the person pressing Submit again
// after a lost ack). The second delivery writes nothing and sends nothing: the database as the
// first left it, no second Slack post, DM, private reply, card or view update. Through the real
// Bolt stack: signed view_submissions, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { answerLastSurvey, newTicketByModal } from '../helpers/clicks.js';
import { submittedTwice } from '../helpers/sent-twice.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const REQ = 'U0REQUEST1';
const TRIAGE = 'C0TRIAGE01';
type View = Record<string, any>;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/**
 * `view` submitted with `form` by `userId`, then again: the second writes nothing and calls Slack
 * for nothing but reads (`allowed`: what it may still call) (`submittedTwice`).
 */
const twice = (
  view: View,
  form: Record<string, string | null>,
  userId: string,
  allowed: string[] = [],
) => submittedTwice(app, view, form, userId, allowed);

/** REQ clicks `score` on the last survey they were sent (its modal opens). */
const click = (score: number) => answerLastSurvey(app, REQ, score);

test("the survey's details sent twice: the requester thanked once, the answer written once", async () => {
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  const number = await newTicketByModal(app, code, { requester: REQ });
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' }, AGENT);
  await app.desk.outbox.drain();
  await click(2);
  await app.desk.outbox.drain();
  const modal = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as View), id: 'V0SURVEY01' };
  const { first, again, sent } = await twice(
    modal,
    { nps: '3', comment: 'The part came late' },
    REQ,
  );
  expect([first.body, again.body]).toEqual(['', '']);
  expect(sent).toContain('response_url');
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(number);
  const tk = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(tk.survey).toMatchObject({ satisfaction: 2, nps: 3, comment: 'The part came late' });
});

test("the survey's details delivered twice at once (a double click): one thanks", async () => {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  const number = await newTicketByModal(app, code, { requester: REQ });
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' }, AGENT);
  await app.desk.outbox.drain();
  await click(4);
  const modal = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as View), id: 'V0SURVEY02' };
  const told = app.fake.callsTo('response_url').length;
  const answers = await Promise.all([
    app.slack.submitView(modal, { nps: '9' }, { userId: REQ }),
    app.slack.submitView(modal, { nps: '9' }, { userId: REQ }),
  ]);
  expect(answers.map((a) => a.body)).toEqual(['', '']);
  expect(app.fake.callsTo('response_url').slice(told)).toHaveLength(1);
  const tk = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(tk.survey).toMatchObject({ satisfaction: 4, nps: 9 });
});

test('Record delivery sent twice: the delivery recorded and confirmed once', async () => {
  const { code } = await makeCustomer(app, { lifecycle: 'active' } as never);
  const open = async (action: string) => {
    await app.slack.blockAction(
      { action_id: action, value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    return app.fake.callsTo('views.update').at(-1)!.args.view as View;
  };
  const order = await open('customer_order_open');
  await app.slack.submitView(
    { ...order, id: 'V0ORDER001' },
    { date: '2026-11-20', amount: '30000' },
    { userId: OWNER },
  );
  const modal = { ...(await open('customer_delivery_open')), id: 'V0DELIVER1' };
  const { first, again, sent } = await twice(modal, { delivered: '2026-11-23' }, OWNER);
  expect([first.body, again.body]).toEqual(['', '']);
  expect(sent).toContain('response_url');
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
    'was delivered on 2026-11-23',
  );
});

test('Merge sent twice: merged once, its notices once, the repeat closes as saved', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = await makeTicket(app, { customerCode: code, title: 'Line 3 down' });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    title: 'Production stopped',
    requester: { userId: REQ },
  });
  await act(app, t2.number, { action: 'claim' }, AGENT);
  await app.desk.outbox.drain();
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: t2.number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  const modal = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as View), id: 'V0MERGE001' };
  const { first, again } = await twice(modal, { target: t1.number, note: 'Same outage' }, AGENT);
  expect([first.body, again.body]).toEqual(['', '']);
  const dup = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  expect(dup).toMatchObject({ status: 'closed', mergedInto: t1.number });
});

test('Erase sent twice: erased and logged once, told once', async () => {
  const { code } = await makeCustomer(app, { contact: { name: '王芳', phone: '+8613800138000' } });
  await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  await app.desk.outbox.drain();
  await app.slack.command('/desk', `privacy erase ${code}`, { userId: ADMIN });
  const modal = {
    ...(app.fake.callsTo('views.update').at(-1)!.args.view as View),
    id: 'V0ERASE001',
  };
  const updates = app.fake.callsTo('views.update').length;
  const { sent } = await twice(modal, {}, ADMIN, ['views.update']);
  expect(sent).toContain('response_url');
  // The repeat says on the form that its Erase was received already, nothing more.
  const shown = app.fake.callsTo('views.update').slice(updates);
  expect(shown.at(-1)!.args.view_id).toBe('V0ERASE001');
  expect(JSON.stringify(shown.at(-1)!.args.view)).toContain('was received already');
  expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
});
