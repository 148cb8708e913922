// The requester's satisfaction survey after a resolution (#10): what staff learn of an answer,
// who is asked, and when.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT } from '../helpers/factories.js';
import { makeCustomer } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const REQ = 'U0REQUEST1';
const MANAGER = 'U0MANAGER1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });

const lastView = () =>
  app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown> & {
    blocks: any[];
  };

/** `/ticket new` by AGENT, the modal filled in; returns the new ticket's number. */
async function createTicket(form: Record<string, string | null>): Promise<string> {
  const code = form.customer ?? (await makeCustomer(app, { annualRevenue: 600_000 })).code;
  await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
  const res = await app.slack.submitView(
    lastView(),
    { customer: code, severity: 'urgent', type: 'after_sales', description: 'E42', ...form },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
  return (await app.db.models.tickets.findOne().sort({ createdAt: -1, _id: -1 }).lean())!.number;
}

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

function click(actionId: string, value: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}
const submitLast = (form: Record<string, string | null>, userId = AGENT) =>
  app.slack.submitView(lastView(), form, { userId });
const dms = (userId: string) => app.fake.postsTo(userId).map((c) => String(c.args.text));

/** The survey's buttons in the last survey `userId` was sent. */
function surveyButtons(userId = REQ): { action_id: string; value: string }[] {
  const post = app.fake
    .postsTo(userId)
    .filter((c) => JSON.stringify(c.args.blocks ?? '').includes('requester_survey_'))
    .at(-1)!;
  const blocks = (
    typeof post.args.blocks === 'string' ? JSON.parse(post.args.blocks) : post.args.blocks
  ) as any[];
  return blocks.find((b) => b.type === 'actions').elements;
}
function answerSurvey(score: number, userId = REQ, buttons = surveyButtons(userId)) {
  const button = buttons.find((b) => b.action_id === `requester_survey_${score}`)!;
  return app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'survey' },
    { userId, channelId: 'D0REQUEST1' },
  );
}

/** A ticket reported by `requester`, taken and resolved by AGENT: its survey sent. */
async function resolved(form: Record<string, string | null> = {}): Promise<string> {
  const number = await createTicket({ requester: REQ, ...form });
  await click('ticket_claim', number);
  await click('ticket_resolve_open', number);
  expect((await submitLast({ resolution: 'Replaced the encoder' })).body).toBe('');
  return number;
}

describe('requester survey answers', () => {
  test("a low score click opens the 'tell us more' modal before the managers' and account manager's DMs are sent (the trigger_id lives 3 s)", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const number = await resolved();
    const buttons = surveyButtons();
    app.fake.reset();
    // Slack slow with the first DM of the follow-up: the modal was asked for already.
    const held = app.fake.holdNext('chat.postMessage');
    const clicked = answerSurvey(1, REQ, buttons);
    await held.arrived;
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    held.release();
    expect((await clicked).status).toBe(200);
    const order = app.fake.calls.map((c) => c.method);
    expect(order.indexOf('views.open')).toBeLessThan(order.indexOf('chat.postMessage'));
    expect(order.filter((m) => m === 'views.open')).toHaveLength(1);
    // The follow-up still went: the managers told, the recovery call planned.
    expect(dms(MANAGER)).toHaveLength(1);
    expect((await stored(number)).survey).toMatchObject({ satisfaction: 1 });
    expect(await app.db.models.tasks.countDocuments({ kind: 'recovery' })).toBe(1);
  });
});
