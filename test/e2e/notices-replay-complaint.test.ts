// A request that finds an earlier change's notices still owed writes the whole replay of the
// ticket's recent notices (TicketFlows.act, `owedEarlier`). A complaint's notices in it (intake's,
// a Classify… that raised its urgency) are worded and page by the urgency it had then, not the
// one a later Classify… gave it: a raise to urgent cut short, replayed by the raise to critical,
// paged the escalation channel twice and told the managers "critical" twice.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, OWNER, makeCustomer, makeTicket } from '../helpers/factories.js';
import { failCalls } from '../helpers/faults.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const MANAGER = 'U0MANAGER1';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

const said = (to: string) => app.fake.postsTo(to).map((c) => String(c.args.text));

/** Classify… from the card's menu by AGENT, submitted with `urgency` (a complaint stays one). */
async function classify(number: string, urgency: string) {
  await app.slack.blockAction(
    {
      action_id: 'ticket_card_menu',
      block_id: 'ticket_actions',
      type: 'overflow',
      selected_option: {
        text: { type: 'plain_text', text: 'Classify…' },
        value: `classify:${number}`,
      },
    },
    { userId: AGENT, channelId: TRIAGE },
  );
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const res = await app.slack.submitView(
    view,
    { type: 'complaint', severity: 'important', complaint_urgency: urgency },
    { userId: AGENT },
  );
  expect(res.body).toBe('');
}

test('a raise to urgent cut short, replayed by the raise to critical: one page, the managers told "urgent" then "critical"', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  await app.setSettings((s) => ({ ...s, agents: [AGENT], openDesk: false, managers: [MANAGER] }));
  const { number } = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    severity: 'important',
    complaintUrgency: 'general',
  });
  await app.desk.outbox.drain();
  expect(said(ESCALATION)).toEqual([]);
  const manager = said(MANAGER).length;
  const owner = said(OWNER).length;
  // Raised to urgent: its notices' write fails (the mark is left on the ticket).
  const restore = failCalls(app.desk.services.outbox, 'batch');
  try {
    await classify(number, 'urgent');
  } finally {
    restore();
  }
  await app.desk.outbox.drain();
  expect(said(MANAGER).slice(manager)).toEqual([]);
  // A minute later, raised to critical: its request replays the raise to urgent first.
  app.clock.advance(60_000);
  await classify(number, 'critical');
  await app.desk.outbox.drain();
  const pages = said(ESCALATION);
  expect(pages).toHaveLength(1);
  expect(pages[0]).toContain('Critical complaint');
  const toManager = said(MANAGER).slice(manager);
  expect(toManager).toHaveLength(2);
  expect(toManager[0]).toContain('New Urgent (紧急) complaint');
  expect(toManager[1]).toContain('New Critical (特急) complaint');
  const toOwner = said(OWNER).slice(owner);
  expect(toOwner).toHaveLength(2);
  expect(toOwner[0]).toContain('Urgent (紧急) complaint');
  expect(toOwner[1]).toContain('Critical (特急) complaint');
});

test('a complaint whose intake notices were cut short, replayed by a raise to critical: intake tells the managers of a general complaint and pages nothing; the raise pages once', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  await app.setSettings((s) => ({ ...s, agents: [AGENT], openDesk: false, managers: [MANAGER] }));
  const restore = failCalls(app.desk.services.outbox, 'batch');
  try {
    // The process's request fails after the insert: the ticket is saved, its notices owed.
    await expect(
      makeTicket(app, {
        customerCode: code,
        type: 'complaint',
        severity: 'important',
        complaintUrgency: 'general',
        title: 'Wrong parts delivered',
      }),
    ).rejects.toThrow();
  } finally {
    restore();
  }
  const { number } = (await app.db.models.tickets
    .findOne({ title: 'Wrong parts delivered' })
    .lean())!;
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.noticesOwedAt).toBeDefined();
  expect(said(MANAGER)).toEqual([]);
  app.clock.advance(60_000);
  await classify(number, 'critical');
  await app.desk.outbox.drain();
  expect(said(ESCALATION)).toHaveLength(1);
  const toManager = said(MANAGER);
  expect(toManager).toHaveLength(2);
  expect(toManager.filter((t) => t.includes('New General (一般) complaint'))).toHaveLength(1);
  expect(toManager.filter((t) => t.includes('New Critical (特急) complaint'))).toHaveLength(1);
});
