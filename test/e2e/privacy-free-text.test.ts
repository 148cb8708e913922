// Personal data (#12): phone numbers and emails typed into a ticket are masked in what the desk
// posts (the triage card, its thread, the escalation channel, the account manager's DM); the
// ticket keeps them, and its Open view shows them to those working it (assignee, requester,
// account manager, managers) while another agent reads them masked.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeTicket, OWNER } from '../helpers/factories.js';
import { contactRecorded } from '../helpers/complaints.js';

const ADMIN = 'U0ADMIN001';
const AGENT2 = 'U0AGENT002';
const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const TYPED = '王芳 138 0013 8000 / 座机 010-6552 8888 / wang.fang@example.cn，订单 20261124001';
const CLEAR = ['138 0013 8000', '010-6552 8888', 'wang.fang@example.cn'];
const MASKED = ['138****8000', '010****8888', 'w***@example.cn'];

const posted = () => JSON.stringify(app.fake.callsTo('chat.postMessage').map((c) => c.args));

async function openAs(number: string, userId: string): Promise<string> {
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: number, block_id: 'ticket_list' },
    { userId, channelId: 'D0LIST0001' },
  );
  return JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
}

describe('typed phones and emails in what is posted', () => {
  test('card, thread, escalation and DM masked; the ticket keeps the text; Open shows it to those allowed', async () => {
    await app.setSettings(() => ({
      agents: [AGENT, AGENT2],
      accountManagers: [OWNER],
      experts: [{ userId: EXPERT, skills: ['firmware'] }],
      openDesk: false,
    }));
    const ticket = await makeTicket(app, {
      title: '回电 13800138000',
      description: TYPED,
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(app, ticket.number, { action: 'note', text: `客户新号码 +86 139 1234 5678` }, AGENT);
    await act(
      app,
      ticket.number,
      { action: 'escalate', reason: 'call her at wang.fang@example.cn', expertId: EXPERT },
      AGENT,
    );
    await app.desk.outbox.drain();

    const out = posted();
    for (const s of [...CLEAR, '13800138000', '139 1234 5678', '13912345678'])
      expect(out).not.toContain(s);
    for (const s of [...MASKED, '139****5678']) expect(out).toContain(s);
    expect(out).toContain('20261124001'); // an order number is not a phone
    expect(app.fake.callsTo('chat.postMessage').some((c) => c.args.channel === TRIAGE)).toBe(true);

    // Stored as typed.
    const stored = (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!;
    expect(stored.description).toBe(TYPED);

    // Open: the account manager, the requester and an admin read it in clear; another agent not.
    for (const user of [OWNER, ADMIN]) {
      const text = await openAs(ticket.number, user);
      for (const s of CLEAR) expect(text).toContain(s);
    }
    const other = await openAs(ticket.number, AGENT2);
    for (const s of CLEAR) expect(other).not.toContain(s);
    for (const s of MASKED) expect(other).toContain(s);
  });
});

describe('typed phones and emails in what a complaint posts', () => {
  test("the account manager's DM, the managers' DM and the escalation channel's page are masked", async () => {
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const ticket = await makeTicket(app, {
      type: 'complaint',
      complaintUrgency: 'critical',
      title: '回电 13800138000 或 wang.fang@example.cn',
    });
    await app.desk.outbox.drain();
    const to = (where: string) => JSON.stringify(app.fake.postsTo(where).map((c) => c.args));
    for (const where of [OWNER, MANAGER, ESCALATION]) {
      const out = to(where);
      expect(out).toContain(ticket.number);
      expect(out).toContain('138****8000');
      expect(out).toContain('w***@example.cn');
      expect(out).not.toContain('13800138000');
      expect(out).not.toContain('wang.fang@example.cn');
    }
  });
});

describe("typed phones and emails in a complaint's and a demand's own texts", () => {
  test('the card in the triage channel masks the root cause, the corrective action and the plan; Open shows them to the assignee', async () => {
    await app.setSettings(() => ({
      agents: [AGENT, AGENT2],
      accountManagers: [OWNER],
      openDesk: false,
    }));
    const cardIn = () =>
      JSON.stringify(
        app.fake.calls
          .filter(
            (c) =>
              (c.method === 'chat.update' || c.method === 'chat.postMessage') &&
              c.args.channel === TRIAGE &&
              !c.args.thread_ts,
          )
          .at(-1)!.args.blocks,
      );
    const complaint = await makeTicket(app, { type: 'complaint', complaintUrgency: 'general' });
    await act(app, complaint.number, { action: 'claim' }, AGENT);
    await contactRecorded(app, complaint.number);
    await act(
      app,
      complaint.number,
      {
        action: 'resolve',
        summary: 'Replaced the board',
        rootCause: 'service',
        rootCauseText: '王芳 (138 0013 8000) was sent the wrong part',
        correctiveAction: 'Confirm parts with wang.fang@example.cn before shipping',
      },
      AGENT,
    );
    await app.desk.outbox.drain();
    let card = cardIn();
    expect(card).toContain('wrong part');
    for (const s of ['138 0013 8000', 'wang.fang@example.cn']) expect(card).not.toContain(s);
    for (const s of ['138****8000', 'w***@example.cn']) expect(card).toContain(s);
    const open = await openAs(complaint.number, AGENT);
    for (const s of ['138 0013 8000', 'wang.fang@example.cn']) expect(open).toContain(s);

    const demand = await makeTicket(app, { type: 'demand', customerCode: complaint.customerCode });
    await act(app, demand.number, { action: 'claim' }, AGENT);
    await act(
      app,
      demand.number,
      { action: 'plan', summary: 'Demo for 王芳, call 010-6552 8888 first', dates: '2026-12-01' },
      AGENT,
    );
    await app.desk.outbox.drain();
    card = cardIn();
    expect(card).toContain('Demo for');
    expect(card).not.toContain('010-6552 8888');
    expect(card).toContain('010****8888');
  });
});
