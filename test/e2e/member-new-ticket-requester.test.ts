// A member who holds no role on a closed desk (the requester side) files /ticket new for themselves:
// the Requester field left as the modal drew it was empty, so the ticket stored no requester and
// they heard nothing of it (F11, found in the zh digest review). The field now names them.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, OWNER } from '../helpers/factories.js';

const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: TRIAGE }, now: '2026-11-24T02:00:00Z' });
const MEMBER = 'U0MEMBER01';

type View = Record<string, unknown> & {
  blocks: { block_id?: string; element?: { initial_user?: string } }[];
};

async function fileAs(userId: string, code: string) {
  await app.slack.command('/ticket', 'new Printer offline', { userId });
  const view = {
    ...(app.fake.callsTo('views.open').at(-1)!.args.view as View),
    id: `V0${userId.slice(2)}`,
  };
  const requester = view.blocks.find((b) => b.block_id === 'requester')?.element?.initial_user;
  // Submitted as drawn: the requester is what the field holds.
  const form = {
    customer: code,
    description: 'It is offline',
    ...(requester ? { requester } : {}),
  };
  expect((await app.slack.submitView(view, form, { userId })).body).toBe('');
  await app.desk.outbox.drain();
  const ticket = await app.db.models.tickets.findOne({ createdBy: userId }).lean();
  return { requester, ticket: ticket! };
}

test('on a closed desk, a member with no role files /ticket new: they are its requester and are told it was received; an agent’s ticket names none', async () => {
  await app.setSettings(() => ({
    agents: [AGENT],
    admins: ['U0ADMIN001'],
    accountManagers: [OWNER],
    openDesk: false,
  }));
  const { code } = await makeCustomer(app);
  const { requester, ticket } = await fileAs(MEMBER, code);
  expect(requester).toBe(MEMBER);
  expect(ticket.requester).toMatchObject({ userId: MEMBER });
  expect(
    app.fake
      .postsTo(MEMBER)
      .map((c) => String(c.args.text))
      .join('\n'),
  ).toContain(`We have your request: ticket *${ticket.number}*`);

  // An agent files for a customer outside Slack: no requester proposed, none stored.
  const filed = await fileAs(AGENT, code);
  expect(filed.requester).toBeUndefined();
  expect(filed.ticket.requester).toBeUndefined();
});
