// A form told once per submission (`oncePerSubmission`: the survey here) claims it in
// `slack_event_claims` under `form:` and a SHA-256 of its submission key: the claim keeps neither
// the view's id nor the keyed digest of what was typed, so an erasure of the person who typed it
// leaves nothing of it there (the claim goes with the day's cleanup), and a repeat still finds it.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { answerLastSurvey, newTicketByModal } from '../helpers/clicks.js';
import { act, AGENT, makeCustomer } from '../helpers/factories.js';
import { tryEraseUser } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0REQUEST1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

test('the survey answered: its claim holds no view id nor digest of the comment, and a repeat finds it', async () => {
  const { code } = await makeCustomer(app, { annualRevenue: 600_000 });
  const number = await newTicketByModal(app, code, { requester: REQ });
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' }, AGENT);
  await app.desk.outbox.drain();
  await answerLastSurvey(app, REQ, 2);
  const modal = { ...(app.fake.callsTo('views.open').at(-1)!.args.view as any), id: 'V0SURVEY01' };
  await app.slack.submitView(modal, { nps: '3', comment: '王芳 13812345678' }, { userId: REQ });
  await app.desk.outbox.drain();
  const claims = async () =>
    (await app.db.models.eventClaims.find({}).lean()).map((c) => String(c._id));
  const forms = (await claims()).filter((id) => id.includes(':form:'));
  expect(forms).toHaveLength(1);
  // `<team>:form:<43 base64url chars>`: no view id, no `#<digest>`.
  expect(forms[0]).toMatch(/^T0TEAM0001:form:[A-Za-z0-9_-]{43}$/);
  expect(forms[0]).not.toContain('V0SURVEY01');
  expect(forms[0]).not.toContain('#');
  // The same submission delivered again finds the claim: nothing told or written twice.
  const thanks = () => app.fake.postsTo(REQ).length;
  const before = thanks();
  await app.slack.submitView(modal, { nps: '3', comment: '王芳 13812345678' }, { userId: REQ });
  await app.desk.outbox.drain();
  expect(thanks()).toBe(before);
  expect((await claims()).filter((id) => id.includes(':form:'))).toEqual(forms);
  await tryEraseUser(app, ADMIN, REQ);
  const ticket = (await app.db.models.tickets.findOne({ number }).lean()) as any;
  expect(JSON.stringify(ticket)).not.toContain('13812345678');
  expect((await claims()).some((id) => /#[A-Za-z0-9_-]{16}$/.test(id))).toBe(false);
});
