import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
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
import { slackTime } from '../../src/ui/text.js';
import { latestCard, submitLastModal } from '../helpers/clicks.js';

/** A due time as the card shows it: Slack's date token, Shanghai time as its fallback. */
const shown = (local: string) =>
  slackTime(new Date(`${local.replace(' ', 'T')}:00+08:00`), 'Asia/Shanghai');

const EXPERT = 'U0EXPERT01';
const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

/** Huadong Machinery, owned by OWNER (the account manager), a key customer by revenue. */
async function createCustomer(): Promise<string> {
  return (await makeCustomer(app, { annualRevenue: 600_000 })).code;
}

/** `/ticket new <title>`, then the modal filled in and submitted. */
async function submitTicket(
  form: Record<string, string | null>,
  userId = AGENT,
  title = 'Line 3 is down',
) {
  await app.slack.command('/ticket', `new ${title}`, { userId });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, form, { userId });
}

async function createTicket(form: Record<string, string | null> = {}): Promise<string> {
  const customer = form.customer ?? (await createCustomer());
  const res = await submitTicket({
    customer,
    severity: 'urgent',
    type: 'after_sales',
    description: 'Spindle error E42',
    ...form,
  });
  expect(res.body).toBe('');
  return (await app.db.models.tickets
    .findOne({ teamId: FAKE_TEAM_ID })
    .sort({ createdAt: -1, _id: -1 })
    .lean())!.number;
}

/** The outbox worker's pass: whatever Slack refused before, due again now, delivered. */
const deliverOwed = () => app.desk.outbox.drain();
const cardEntry = async (number: string) => {
  const ticket = await app.db.models.tickets.findOne({ number }).lean();
  return app.db.models.outbox.findOne({ key: `card:${ticket!._id.toHexString()}` }).lean();
};

function click(actionId: string, number: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

/** The latest version of the ticket's card: the last chat.update, else the posted card. */
const currentCard = () => latestCard(app, TRIAGE);

function field(card: { blocks: any[] }, label: string): string {
  const fields = card.blocks.find((b) => b.fields)!.fields as { text: string }[];
  return fields
    .find((f) => f.text.startsWith(`*${label}*`))!
    .text.split('\n')
    .slice(1)
    .join('\n');
}

/** The card's buttons' labels, then its "…" menu's choices (as `… Label`). */
function buttons(card: { blocks: any[] }): string[] {
  return (card.blocks.find((b) => b.type === 'actions')?.elements ?? []).flatMap((e: any) =>
    e.type === 'overflow' ? e.options.map((o: any) => `… ${o.text.text}`) : [e.text.text],
  );
}

function threadReplies(): string[] {
  return app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts)
    .map((c) => c.args.text as string);
}

/** Fills in and submits the modal the app opened last. */
function submitLast(form: Record<string, string | null>, userId = AGENT) {
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  return app.slack.submitView(view, form, { userId });
}

function lastEphemeral(): string {
  return app.fake.callsTo('response_url').at(-1)!.args.text as string;
}

describe('intake', () => {
  test('/ticket new opens the modal with the title and "received now" filled in', async () => {
    await app.slack.command('/ticket', 'new Printer offline', { userId: AGENT });
    const view = app.fake.callsTo('views.open')[0]!.args.view as { blocks: any[] };
    const block = (id: string) => view.blocks.find((b) => b.block_id === id);
    expect(block('title').element.initial_value).toBe('Printer offline');
    expect(block('received_date').element.initial_date).toBe('2026-11-24');
    expect(block('received_time').element.initial_time).toBe('10:00');
    expect(block('customer').element).toMatchObject({
      type: 'external_select',
      action_id: 'customer_picker',
    });
  });

  test('submit saves the ticket, posts the card to triage with its thread, DMs the account manager, tells the creator', async () => {
    const number = await createTicket();
    expect(number).toBe('T20260001');
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'new',
      level: 1,
      customerTier: 'key',
      accountManagerId: OWNER,
      // urgent 2 h is stricter than key 8 h
      sla: { responseMinutes: 120, resolutionMinutes: 4320, aroundTheClock: false },
      card: { channel: TRIAGE, pending: false },
    });
    const card = currentCard();
    expect(card.text).toBe('T20260001 · Urgent · Huadong Machinery: Line 3 is down');
    expect(card.blocks[0].text.text).toBe('T20260001 · Line 3 is down');
    expect(field(card, 'Customer')).toContain('Huadong Machinery (C2026001) · Key');
    expect(field(card, 'Assignee')).toBe('Unassigned · L1');
    expect(field(card, 'First response due')).toBe(
      `2 h of business time left, due ${shown('2026-11-24 12:00')}`,
    );
    // 72 business hours = 8 working days of 9 h
    expect(field(card, 'Resolution due')).toBe(
      `72 h of business time left, due ${shown('2026-12-04 10:00')}`,
    );
    expect(buttons(card)).toEqual([
      'Claim',
      'Reassign',
      'Escalate',
      'Add note',
      'Resolve',
      '… Log response',
      '… Customer wrote…',
      '… Classify…',
      '… Merge into…',
      '… New task',
    ]);
    expect(threadReplies()).toEqual([`<@${AGENT}> opened this ticket.`]);
    const dm = app.fake.callsTo('chat.postMessage').find((c) => c.args.channel === OWNER);
    // The confirmation and the DM link the number to the card.
    const permalink = (await app.db.models.tickets.findOne({ number: 'T20260001' }).lean())!.card!
      .permalink;
    expect(dm!.args.text).toBe(
      `New ticket <${permalink}|T20260001> (urgent) for your customer Huadong Machinery: Line 3 is down`,
    );
    expect(lastEphemeral()).toBe(
      `Ticket <${permalink}|T20260001> is saved with severity Urgent; its card is in <#${TRIAGE}>.`,
    );
  });

  // An account manager filing the first ticket of their own customer was DMed "New ticket … for
  // your customer" about it a second later.
  test('the account manager who files a ticket is not DMed of it; a complaint they file still hands them its contact task (en, zh-CN)', async () => {
    const code = await createCustomer();
    for (const locale of ['en', 'zh-CN'] as const) {
      await app.setSettings(() => ({ locale }));
      app.fake.reset();
      const res = await submitTicket(
        { customer: code, severity: 'urgent', description: `E42 (${locale})` },
        OWNER,
        `Line 3 is down (${locale})`,
      );
      expect(res.body).toBe('');
      await deliverOwed();
      expect(app.fake.tookPostsTo(TRIAGE).length).toBeGreaterThan(0); // the card went out
      const dms = app.fake.tookPostsTo(OWNER).map((c) => String(c.args.text));
      expect(dms.filter((t) => /for your customer|来自你的客户/.test(t))).toEqual([]);
    }
    const filed = await app.db.models.tickets.find({ createdBy: OWNER }).lean();
    expect(filed.map((t) => t.accountManagerNotified)).toEqual([true, true]);

    app.fake.reset();
    await app.setSettings(() => ({ locale: 'en' }));
    const complaint = await makeTicket(
      app,
      { customerCode: code, type: 'complaint', complaintUrgency: 'urgent' },
      OWNER,
    );
    await deliverOwed();
    const dm = app.fake.tookPostsTo(OWNER).map((c) => String(c.args.text));
    expect(dm.filter((t) => t.includes(complaint.number))).toEqual([
      expect.stringContaining('Urgent (紧急) complaint'),
    ]);
  });

  test('a key-potential customer gets the strategic / key-potential target (domain 3: <= 4 h), before its first order and after it', async () => {
    const lead = await makeCustomer(app, { name: 'Robotics Leader', potential: 'key' });
    const buyer = await makeCustomer(app, { name: 'Robotics Buyer', potential: 'key' });
    await app.desk.services.customers.recordOrder(await ctxOf(app, OWNER), buyer.code, {
      date: '2026-11-20',
      amount: 10_000, // a small first order: the normal tier
      number: 'PO-1',
    });
    for (const { code } of [lead, buyer]) {
      const number = await createTicket({ customer: code, severity: 'general' });
      const ticket = await app.db.models.tickets.findOne({ number }).lean();
      // General's 8 h and the strategic tier's 4 h: the stricter.
      expect(ticket!.sla.responseMinutes).toBe(4 * 60);
    }
  });

  test('each invalid field gets its inline error and nothing is saved', async () => {
    await createCustomer();
    const res = await submitTicket({
      customer: null,
      title: '  ',
      description: 'x',
      received_date: '2026-11-25',
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        customer: 'Required.',
        title: 'Required.',
        received_date: 'This date is in the future.',
      },
    });
    expect(await app.db.models.tickets.countDocuments()).toBe(0);
  });

  test('a received date more than a year ago (a mistyped year) is refused inline; a year ago to the day is taken', async () => {
    const customer = await createCustomer();
    const base = { customer, severity: 'general', type: 'after_sales', description: 'x' };
    const res = await submitTicket({
      ...base,
      received_date: '1970-01-05',
      received_time: '10:00',
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        received_date:
          'This date is more than 365 days ago: a ticket is filed within a year of the request. Check the year.',
      },
    });
    expect(await app.db.models.tickets.countDocuments()).toBe(0);
    // Now is Tue 2026-11-24 10:00 Shanghai: 365 days before is 2025-11-24 10:00.
    await createTicket({ customer, received_date: '2025-11-24', received_time: '10:00' });
    expect(await app.db.models.tickets.countDocuments()).toBe(1);
  });

  test('a received time outside business hours starts the clock at the next opening', async () => {
    const number = await createTicket({
      received_date: '2026-11-23',
      received_time: '20:30',
      severity: 'general',
    });
    const card = currentCard();
    expect(field(card, 'First response due')).toBe(
      `7 h of business time left, due ${shown('2026-11-24 17:00')}`,
    );
    expect(number).toBe('T20260001');
  });

  test('"Create ticket" on a message keeps its text and link; a 10,000-character message breaks no Block Kit limit', async () => {
    const code = await createCustomer();
    const long = `Customer email: ${'the machine stops. '.repeat(530)}`;
    expect(long.length).toBeGreaterThan(10_000);
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: long, ts: '1700000000.000900' },
      { userId: AGENT, channelId: 'C0SUPPORT1' },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    const description = view.blocks.find((b) => b.block_id === 'description');
    // cut at a word within the input's 3,000 characters, with an ellipsis
    expect(description.element.initial_value.length).toBeLessThanOrEqual(2998);
    expect(description.element.initial_value).toMatch(/ (the|machine|stops\.?)…$/);
    expect(description.hint.text).toContain('longer than 3,000 characters');
    await submitLastModal(app, { customer: code }, AGENT);
    const ticket = await app.db.models.tickets.findOne().lean();
    expect(ticket!.sourcePermalink).toBe(
      'https://fake.slack.test/archives/C0SUPPORT1/p1700000000000900',
    );
    expect(ticket!.description.length).toBeLessThanOrEqual(3000);
    expect(ticket!.description.startsWith(description.element.initial_value.slice(0, -1))).toBe(
      true,
    );
    expect(JSON.stringify(currentCard().blocks)).toContain('|From a Slack message>');
    // afterEach fails the test if any message or view broke a Block Kit limit
  });

  test('New ticket on a customer card opens the modal with that customer picked', async () => {
    const code = await createCustomer();
    await app.slack.blockAction(
      { action_id: 'customer_ticket_new', value: code, block_id: 'customer_actions' },
      { userId: AGENT },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    expect(view.blocks.find((b) => b.block_id === 'customer').element.initial_option.value).toBe(
      code,
    );
  });
});

describe('the card reaches Slack whatever Slack does', () => {
  test('a 429 with Retry-After: the ticket is saved and the card arrives once Slack allows', async () => {
    const code = await createCustomer();
    app.fake.rateLimitNext('chat.postMessage', 5, 1);
    const number = await createTicket({ customer: code });
    expect(lastEphemeral()).toBe(
      `Ticket ${number} is saved with severity Urgent. Slack has not taken its card yet (Slack asked the desk to slow down); it will be posted automatically.`,
    );
    expect(await cardEntry(number)).toMatchObject({ state: 'pending', attempts: 0 });
    // Slack asked for 5 s: nothing is sent before.
    app.clock.advance(4_000);
    await deliverOwed();
    app.clock.advance(1_000);
    await deliverOwed();
    const posts = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts);
    expect(posts).toHaveLength(2); // refused once, then accepted
    expect((await app.db.models.tickets.findOne({ number }).lean())!.card!.pending).toBe(false);
    expect(threadReplies()).toEqual([`<@${AGENT}> opened this ticket.`]);
  });

  test("tickets filed while Slack's wait lasts are told why their card is not out (Slack asked the desk to slow down), not a bare 'queued'", async () => {
    const code = await createCustomer();
    app.fake.rateLimitNext('chat.postMessage', 30, 1);
    await createTicket({ customer: code });
    for (const zh of [false, true]) {
      if (zh) await app.setSettings(() => ({ locale: 'zh-CN' }));
      const number = await createTicket({ customer: code });
      expect(lastEphemeral()).toBe(
        zh
          ? `工单 ${number} 已保存，严重程度为严重。Slack 暂未接收其卡片（Slack 要求放慢发送），稍后会自动发布。`
          : `Ticket ${number} is saved with severity Urgent. Slack has not taken its card yet (Slack asked the desk to slow down); it will be posted automatically.`,
      );
    }
    // Not sent to Slack while its wait lasts; then each card once.
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(1);
    app.clock.advance(30_000);
    await deliverOwed();
    const cards = app.fake
      .tookPostsTo(TRIAGE)
      .filter((c) => !c.args.thread_ts)
      .map((c) => String(c.args.text).slice(0, 9));
    expect(cards).toEqual(['T20260001', 'T20260002', 'T20260003']);
  });

  test('Slack refuses: the ticket is saved, the creator is told, and the outbox posts the card later, once', async () => {
    const code = await createCustomer();
    app.fake.failNext('chat.postMessage', 'channel_not_found');
    const number = await createTicket({ customer: code });
    expect(lastEphemeral()).toBe(
      `Ticket ${number} is saved with severity Urgent. Slack has not taken its card yet (Slack answered \`channel_not_found\`); it will be posted automatically.`,
    );
    expect((await app.db.models.tickets.findOne({ number }).lean())!.card!.pending).toBe(true);
    expect(await cardEntry(number)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'channel_not_found',
    });

    // Not yet due: the first retry waits 30 s.
    expect(await deliverOwed()).toMatchObject({ sent: 0 });
    app.clock.advance(30_000);
    // Two instances at once: one posts it.
    const [first, second] = await Promise.all([deliverOwed(), deliverOwed()]);
    expect(first.sent + second.sent).toBe(2); // the card and its first thread reply
    const cards = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts);
    expect(cards).toHaveLength(2); // the refused one and the retry
    expect((await app.db.models.tickets.findOne({ number }).lean())!.card!.pending).toBe(false);
    expect(threadReplies()).toEqual([`<@${AGENT}> opened this ticket.`]);
  });

  test('no triage channel: saved, the creator is told, the card goes out once a channel is set', async () => {
    const code = await createCustomer();
    await app.setSettings(({ channels: { triage: _, ...channels } }) => ({ channels }));
    const number = await createTicket({ customer: code });
    expect(lastEphemeral()).toBe(
      `Ticket ${number} is saved with severity Urgent. This workspace has no triage channel yet, so its card will be posted once an admin sets one.`,
    );
    await app.setSettings(({ channels }) => ({ channels: { ...channels, triage: 'C0NEWTRIAG' } }));
    app.clock.advance(30_000);
    await deliverOwed();
    expect(
      app.fake
        .callsTo('chat.postMessage')
        .some((c) => c.args.channel === 'C0NEWTRIAG' && !c.args.thread_ts),
    ).toBe(true);
  });
});

describe('working a ticket from its card', () => {
  test('20 agents claim at once: one wins, the others are told who', async () => {
    const number = await createTicket();
    const agents = Array.from({ length: 20 }, (_, i) => `U0CLAIM${String(i).padStart(3, '0')}`);
    const results = await Promise.all(agents.map((a) => click('ticket_claim', number, a)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(agents).toContain(ticket!.assigneeId);
    const before = app.fake.callsTo('response_url').length;
    const told = app.fake
      .callsTo('response_url')
      .slice(before - 19)
      .map((c) => c.args.text);
    expect(
      app.fake
        .callsTo('response_url')
        .filter((c) => String(c.args.text).includes('already claimed')),
    ).toHaveLength(19);
    expect(new Set(told)).toEqual(
      new Set([`${number} is already claimed (by <@${ticket!.assigneeId}>).`]),
    );
    expect(threadReplies().filter((r) => r.includes('claimed it'))).toHaveLength(1);
    expect(field(currentCard(), 'Assignee')).toBe(`<@${ticket!.assigneeId}> · L1`);
    // Claiming assigns: nobody answered the customer yet, so the first-response clock runs on.
    expect(ticket!.firstResponseAt).toBeUndefined();
    expect(ticket!.metrics.firstResponseMinutes).toBeUndefined();
    expect(field(currentCard(), 'First response due')).toContain('of business time left');
  });

  test('the card is updated in place and every event goes to its thread', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    await click('ticket_note_open', number);
    await submitLast({ note: 'Called the plant' });
    const { card } = (await app.db.models.tickets.findOne({ number }).lean())!;
    // Every update edits the one card; every event replies in its thread.
    const updated = app.fake.callsTo('chat.update').map((c) => `${c.args.channel} ${c.args.ts}`);
    expect(updated.length).toBeGreaterThanOrEqual(2);
    expect(new Set(updated)).toEqual(new Set([`${TRIAGE} ${card!.ts}`]));
    const threads = app.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
    expect(new Set(threads.map((c) => c.args.thread_ts))).toEqual(new Set([card!.ts]));
    expect(threadReplies()).toEqual([
      `<@${AGENT}> opened this ticket.`,
      `<@${AGENT}> claimed it.`,
      `<@${AGENT}> noted: Called the plant`,
    ]);
  });

  test('escalation: L2 needs an expert, goes to them; L3 goes to the account manager; both posted to escalation', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    await click('ticket_escalate_open', number);
    const toL2 = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    const missing = await submitLastModal(app, { reason: 'Needs firmware expert' }, AGENT, {
      expect: 'any',
    });
    expect(missing.body).toEqual({ response_action: 'errors', errors: { expert: 'Required.' } });
    expect(
      (
        await app.slack.submitView(
          toL2,
          { reason: 'Needs firmware expert', expert: EXPERT },
          { userId: AGENT },
        )
      ).body,
    ).toBe('');
    let ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({ level: 2, assigneeId: EXPERT, metrics: { escalations: 1 } });

    await click('ticket_escalate_open', number, EXPERT);
    const toL3 = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    expect(JSON.stringify(toL3.blocks)).toContain(
      `It goes to the account manager, <@${OWNER}> (L3).`,
    );
    await app.slack.submitView(
      toL3 as unknown as Record<string, unknown>,
      { reason: 'Customer threatens to cancel' },
      { userId: EXPERT },
    );
    ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({ level: 3, assigneeId: OWNER, metrics: { escalations: 2 } });
    const posts = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === ESCALATION)
      .map((c) => String(c.args.text).replace(/<https:\/\/[^|>]+\|(T\d{8})>/, '$1'));
    expect(posts).toEqual([
      `${number} for Huadong Machinery escalated to L2 by <@${AGENT}>, now with <@${EXPERT}>: Needs firmware expert`,
      `${number} for Huadong Machinery escalated to L3 by <@${EXPERT}>, now with <@${OWNER}>: Customer threatens to cancel`,
    ]);
    await click('ticket_escalate_open', number, OWNER);
    expect(lastEphemeral()).toBe(
      `${number} is already with the account manager (L3); it cannot go higher.`,
    );
  });

  test('the customer handed to another owner after L2: Escalate names the new account manager, and gives it to them', async () => {
    const OWNER2 = 'U0OWNER002';
    const number = await createTicket();
    await act(app, number, { action: 'claim' }, AGENT);
    await act(app, number, { action: 'escalate', reason: 'x', expertId: EXPERT }, AGENT);
    const code = (await app.db.models.tickets.findOne({ number }).lean())!.customerCode;
    // Saved as Edit customer's owner field saves it.
    await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { ownerId: OWNER2 });
    await click('ticket_escalate_open', number, EXPERT);
    const toL3 = app.fake.callsTo('views.open').at(-1)!.args.view as { blocks: any[] };
    const said = JSON.stringify(toL3.blocks);
    expect(said).toContain(`It goes to the account manager, <@${OWNER2}> (L3).`);
    expect(said).not.toContain(`<@${OWNER}>`);
    const res = await app.slack.submitView(
      toL3 as unknown as Record<string, unknown>,
      { reason: 'y' },
      { userId: EXPERT },
    );
    expect(res.body).toBe('');
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({ level: 3, assigneeId: OWNER2, accountManagerId: OWNER2 });
  });

  test('waiting on the customer pauses the clock over the night; resuming keeps the time left', async () => {
    const number = await createTicket({ severity: 'general' }); // key tier: 8 h response, 72 h resolution
    await click('ticket_claim', number);
    app.clock.set('2026-11-24T08:00:00Z'); // 16:00 Shanghai: 6 business hours used
    await click('ticket_wait', number);
    expect(field(currentCard(), 'Resolution due')).toBe(
      'Paused while waiting on the customer (66 h of business time left)',
    );
    // No requester on record: their answer is recorded with Customer wrote…, which resumes it.
    expect(buttons(currentCard())).toEqual([
      'Resume',
      'Customer wrote…',
      'Resolve',
      'Add note',
      '… Log response',
      '… Reassign',
      '… Classify…',
      '… Merge into…',
      '… New task',
    ]);
    app.clock.set('2026-11-25T03:00:00Z'); // next day 11:00: paused across the night
    await click('ticket_resume', number);
    // 66 business hours from Wednesday 11:00 = 7 days of 9 h + 3 h: Friday next week 14:00
    expect(field(currentCard(), 'Resolution due')).toBe(
      `66 h of business time left, due ${shown('2026-12-04 14:00')}`,
    );
    expect(threadReplies().slice(-2)).toEqual([
      `<@${AGENT}>: waiting on the customer. The SLA clock is paused.`,
      `<@${AGENT}> resumed work. The SLA clock runs again.`,
    ]);
  });

  test('resolve needs a summary; reopen and resolve again; close; stale clicks are explained', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    app.clock.advance(90 * 60_000);
    await click('ticket_resolve_open', number);
    const resolve = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    expect(
      (await app.slack.submitView(resolve, { resolution: ' ' }, { userId: AGENT })).body,
    ).toEqual({
      response_action: 'errors',
      errors: { resolution: 'Required.' },
    });
    await app.slack.submitView(resolve, { resolution: 'Replaced the encoder' }, { userId: AGENT });
    let ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'resolved',
      resolution: 'Replaced the encoder',
      metrics: {
        resolutionMinutes: 90,
        resolutionBreached: false,
        firstContactResolution: true,
        reopenCount: 0,
      },
    });
    expect(buttons(currentCard())).toEqual(['Reopen', 'Add note', 'New task', 'Close']);

    await click('ticket_reopen', number);
    ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({
      status: 'assigned',
      metrics: { reopenCount: 1, firstContactResolution: false },
    });

    await click('ticket_resolve_open', number);
    await submitLast({
      resolution: 'Encoder cable fixed',
    });
    await click('ticket_close', number);
    ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket!.status).toBe('closed');
    expect(buttons(currentCard())).toEqual([]);
    expect(ticket!.metrics!.firstContactResolution).toBe(false);

    await click('ticket_claim', number, 'U0LATE0001');
    expect(lastEphemeral()).toBe(`${number} is closed; nothing more can be done with it.`);
    await click('ticket_resolve_open', number, 'U0LATE0001');
    expect(lastEphemeral()).toBe(`${number} is closed; nothing more can be done with it.`);
  });

  test('a resolved card says when it was answered and resolved, under labels without "due"', async () => {
    const number = await createTicket({ severity: 'general' });
    await click('ticket_claim', number);
    app.clock.advance(30 * 60_000);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Replaced the encoder' });
    const card = currentCard();
    const labels = card.blocks
      .flatMap((b) => (b.fields ?? []) as { text: string }[])
      .map((f) => f.text.split('\n')[0]);
    expect(labels).not.toContain('*First response due*');
    expect(labels).not.toContain('*Resolution due*');
    expect(field(card, 'First response')).toBe(`Responded ${shown('2026-11-24 10:30')}`);
    expect(field(card, 'Resolution')).toBe(`Resolved ${shown('2026-11-24 10:30')}`);
  });

  test('reassigning counts a hand-over and the new assignee resolving is not first-contact resolution', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    await click('ticket_reassign_open', number);
    await submitLast({ assignee: EXPERT });
    await click('ticket_resolve_open', number, EXPERT);
    await submitLast({ resolution: 'Done' }, EXPERT);
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket).toMatchObject({
      assigneeId: EXPERT,
      firstAssigneeId: AGENT,
      metrics: { reassignments: 1, firstContactResolution: false },
    });
    expect(threadReplies()).toContain(`<@${AGENT}> assigned it to <@${EXPERT}>.`);
  });

  test('Reassign to whom holds it already is refused on the field: no hand-over logged, nobody told it is "now with" them (revtickets F5)', async () => {
    const ASKER = 'U0ASKER001';
    const number = await createTicket({ requester: ASKER });
    await click('ticket_claim', number);
    await app.desk.outbox.drain();
    const before = (await app.db.models.tickets.findOne({ number }).lean())!;
    const posts = app.fake.callsTo('chat.postMessage').length;
    await click('ticket_reassign_open', number);
    const res = await submitLast({ assignee: AGENT });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { assignee: `This person has ${number} already: pick someone else to hand it to.` },
    });
    await app.desk.outbox.drain();
    const after = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(after.metrics.reassignments).toBe(0);
    expect(app.fake.callsTo('chat.postMessage').slice(posts)).toEqual([]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await click('ticket_reassign_open', number);
    expect((await submitLast({ assignee: AGENT })).body).toEqual({
      response_action: 'errors',
      errors: { assignee: `此人已是工单 ${number} 的处理人，请选择其他人。` },
    });
  });
});

describe('finding tickets', () => {
  test('/ticket mine, /ticket list unassigned|overdue|open and /ticket <number>', async () => {
    const code = await createCustomer();
    const first = await createTicket({ customer: code, severity: 'urgent' });
    const second = await createTicket({ customer: code, severity: 'general' });
    await click('ticket_claim', first);
    await respond(app, first); // answered: only its resolution clock is left

    const mine = await app.slack.command('/ticket', 'mine', { userId: AGENT });
    expect(mine.body.text).toBe('Your open tickets (1)');
    expect(JSON.stringify(mine.body.blocks)).toContain(first);
    const unassigned = await app.slack.command('/ticket', 'list unassigned');
    expect(unassigned.body.text).toBe('Unassigned tickets (1)');
    expect(JSON.stringify(unassigned.body.blocks)).toContain(second);

    expect((await app.slack.command('/ticket', 'list overdue')).body.text).toBe(
      'Overdue tickets (0)',
    );
    // Next day 11:00: 10 business hours after intake, past the general ticket's 8 h response.
    app.clock.set('2026-11-25T03:00:00Z');
    const overdue = await app.slack.command('/ticket', 'list overdue');
    expect(overdue.body.text).toBe('Overdue tickets (1)');
    expect(JSON.stringify(overdue.body.blocks)).toContain(second);
    expect((await app.slack.command('/ticket', 'list')).body.text).toBe('Open tickets (2)');
    expect((await app.slack.command('/ticket', 'list bogus')).body.text).toContain(
      '/ticket list unassigned',
    );

    const card = await app.slack.command('/ticket', second.toLowerCase());
    expect(card.body.response_type).toBe('ephemeral');
    expect(field(card.body, 'First response due')).toBe(
      `Overdue by 2 h of business time, was due ${shown('2026-11-24 18:00')}`,
    );
    expect((await app.slack.command('/ticket', 'T20269999')).body.text).toBe(
      'No ticket has the number T20269999.',
    );
  });
});

describe('empty lists say what to do next', () => {
  const said = (body: Record<string, any>) =>
    (body.blocks as { elements?: { text: string }[] }[]).flatMap((b) =>
      (b.elements ?? []).map((e) => e.text),
    );
  test('/ticket list and /ticket mine on a desk with no open tickets, in English and Chinese', async () => {
    expect(said((await app.slack.command('/ticket', 'list')).body)).toEqual([
      'No open tickets. Open one with `/ticket new`.',
    ]);
    expect(said((await app.slack.command('/ticket', 'mine', { userId: AGENT })).body)).toEqual([
      'No open tickets are assigned to you. Claim one from `/ticket list unassigned`, or open one with `/ticket new`.',
    ]);
    expect(said((await app.slack.command('/ticket', 'list unassigned')).body)).toEqual([
      'Every open ticket has an assignee. See them all with `/ticket list`.',
    ]);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(said((await app.slack.command('/ticket', 'list overdue')).body)).toEqual([
      '没有超时工单。用 `/ticket list` 查看全部未结工单。',
    ]);
    expect(said((await app.slack.command('/ticket', 'list')).body)).toEqual([
      '没有未结工单。用 `/ticket new` 新建一个。',
    ]);
  });
});

describe('what one submission costs the database', () => {
  test("a new ticket's notices (card, DM, Homes) are written in one command and sent without being read back", async () => {
    const code = await createCustomer();
    const client = app.db.conn.getClient();
    const outbox: { name: string; keys: string[] }[] = [];
    const onCommand = (ev: { commandName: string; command: Record<string, unknown> }) => {
      if (ev.command[ev.commandName] !== 'outbox') return;
      const ops = (ev.command.updates ?? []) as { q: { key?: unknown } }[];
      outbox.push({ name: ev.commandName, keys: ops.map((op) => String(op.q.key)) });
    };
    client.on('commandStarted', onCommand);
    try {
      await createTicket({ customer: code });
    } finally {
      client.off('commandStarted', onCommand);
    }
    expect(currentCard().text).toContain('T20260001');
    // One command on the outbox writes them all: the card, its thread reply, the account
    // manager's DM and the Homes to refresh (the reporter's, and the account manager's, which
    // lists their customers' tickets nobody holds); the request then delivers what it wrote (the
    // later commands mark them sent, by id).
    const id = String((await app.db.models.tickets.findOne({ number: 'T20260001' }).lean())!._id);
    const written = outbox.filter((c) => c.keys.some((key) => key !== 'undefined'));
    expect(written).toHaveLength(1);
    expect(written[0]!.name).toBe('update');
    expect(new Set(written[0]!.keys)).toEqual(
      new Set([
        `card:${id}`,
        `ticket:${id}:event:0`,
        `ticket:${id}:account-manager`,
        `home:${AGENT}`,
        `home:${OWNER}`,
      ]),
    );
    expect(outbox.filter((c) => c.name === 'find' || c.name === 'aggregate')).toEqual([]);
  });
});

describe('what the review found', () => {
  test('a failed first thread reply does not post a second card', async () => {
    const code = await createCustomer();
    app.fake.passNext('chat.postMessage', 1); // the card
    app.fake.failNext('chat.postMessage', 'internal_error'); // its first thread reply
    const number = await createTicket({ customer: code });
    app.clock.advance(60 * 60_000);
    await deliverOwed();
    const cards = app.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === TRIAGE && !c.args.thread_ts);
    expect(cards).toHaveLength(1);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.card!.pending).toBe(false);
    // The reply refused, then sent again.
    expect(threadReplies()).toEqual([
      `<@${AGENT}> opened this ticket.`,
      `<@${AGENT}> opened this ticket.`,
    ]);
  });

  test("the account manager's DM is retried when Slack refused it, once it goes", async () => {
    const code = await createCustomer();
    app.fake.passNext('chat.postMessage', 2); // card and thread reply
    app.fake.failNext('chat.postMessage', 'internal_error'); // the DM
    const number = await createTicket({ customer: code });
    expect((await app.db.models.tickets.findOne({ number }).lean())!.accountManagerNotified).toBe(
      false,
    );
    app.clock.advance(30_000);
    expect(await deliverOwed()).toMatchObject({ sent: 1, failed: 0 });
    expect(app.fake.postsTo(OWNER)).toHaveLength(2);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.accountManagerNotified).toBe(
      true,
    );
    app.clock.advance(10 * 60_000);
    expect(await deliverOwed()).toMatchObject({ sent: 0 });
    expect(app.fake.postsTo(OWNER)).toHaveLength(2);
  });

  test('a refused card update stays owed and is retried; the escalation is still posted', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    app.fake.failNext('chat.update', 'internal_error');
    await click('ticket_escalate_open', number);
    await submitLast({ reason: 'Firmware', expert: EXPERT });
    expect(app.fake.callsTo('chat.postMessage').some((c) => c.args.channel === ESCALATION)).toBe(
      true,
    );
    expect(await cardEntry(number)).toMatchObject({ state: 'pending', attempts: 1 });
    app.clock.advance(30_000);
    expect(await deliverOwed()).toMatchObject({ sent: 1 });
    expect(field(currentCard(), 'Assignee')).toBe(`<@${EXPERT}> · L2`);
    expect(await cardEntry(number)).toMatchObject({ state: 'sent' });
  });

  test('an Escalate modal opened before someone else escalated is refused inline', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    await click('ticket_escalate_open', number);
    const stale = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
    // A manager escalates it meanwhile.
    await app.setSettings(() => ({ managers: ['U0OTHER001'] }));
    await click('ticket_escalate_open', number, 'U0OTHER001');
    await submitLast({ reason: 'Faster', expert: EXPERT }, 'U0OTHER001');
    const res = await app.slack.submitView(
      stale,
      { reason: 'Mine', expert: 'U0EXPERT02' },
      { userId: AGENT },
    );
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: {
        reason: `Someone escalated ${number} to L2 meanwhile; open Escalate again from its card.`,
      },
    });
    expect((await app.db.models.tickets.findOne({ number }).lean())!.assigneeId).toBe(EXPERT);
  });

  test('reopening does not count the time the ticket sat resolved; the old resolution goes', async () => {
    const number = await createTicket({ severity: 'general' });
    await click('ticket_claim', number);
    await click('ticket_resolve_open', number);
    await submitLast({ resolution: 'Fixed' });
    app.clock.set('2026-12-08T02:00:00Z'); // two weeks later
    await click('ticket_reopen', number);
    const ticket = await app.db.models.tickets.findOne({ number }).lean();
    expect(ticket!.resolution).toBeUndefined();
    expect(field(currentCard(), 'Resolution due')).toMatch(/^72 h of business time left, due /);
  });

  test('first-contact resolution is credited only when the first assignee resolves', async () => {
    const number = await createTicket();
    await click('ticket_claim', number);
    // A manager may resolve a ticket someone else holds.
    await app.setSettings(() => ({ managers: [EXPERT] }));
    await click('ticket_resolve_open', number, EXPERT);
    await submitLast({ resolution: 'Done by someone else' }, EXPERT);
    expect(
      (await app.db.models.tickets.findOne({ number }).lean())!.metrics!.firstContactResolution,
    ).toBe(false);
  });

  test('submitting the same New ticket modal twice makes one ticket', async () => {
    const code = await createCustomer();
    await app.slack.command('/ticket', 'new Twice', { userId: AGENT });
    const view = {
      ...(app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>),
      id: 'V0TWICE001',
    };
    const form = { customer: code, description: 'Same form, sent twice' };
    expect((await app.slack.submitView(view, form, { userId: AGENT })).body).toBe('');
    expect((await app.slack.submitView(view, form, { userId: AGENT })).body).toBe('');
    expect(await app.db.models.tickets.countDocuments()).toBe(1);
  });

  test('text people type cannot ping a channel from the card', async () => {
    await createTicket({
      description: 'Please fix <!channel> & check <https://evil.example|link>',
    });
    const description = currentCard().blocks[2].text.text;
    expect(description).toBe(
      'Please fix &lt;!channel&gt; &amp; check &lt;https://evil.example|link&gt;',
    );
  });
});

describe('intake edge cases', () => {
  test('a card posted late gets the changes made meanwhile in its thread, in order', async () => {
    const code = await createCustomer();
    app.fake.failNext('chat.postMessage', 'channel_not_found');
    const number = await createTicket({ customer: code });
    expect(threadReplies()).toEqual([]); // no card, no thread yet
    await app.slack.command('/ticket', number, { userId: AGENT });
    // The claim asks for the card again: it goes out now, with the whole timeline after it.
    await click('ticket_claim', number);
    await click('ticket_note_open', number);
    await submitLast({ note: 'Called back' });
    app.clock.advance(60_000);
    await deliverOwed();
    expect(threadReplies()).toEqual([
      `<@${AGENT}> opened this ticket.`,
      `<@${AGENT}> claimed it.`,
      `<@${AGENT}> noted: Called back`,
    ]);
    expect(field(currentCard(), 'Assignee')).toBe(`<@${AGENT}> · L1`);
  });

  test('20 tickets created at once get 20 different numbers', async () => {
    const code = await createCustomer();
    const agents = Array.from({ length: 20 }, (_, i) => `U0MANY${String(i).padStart(4, '0')}`);
    await Promise.all(agents.map((a) => app.slack.command('/ticket', 'new Many', { userId: a })));
    const views = app.fake
      .callsTo('views.open')
      .slice(-20)
      .map((c) => c.args.view as Record<string, unknown>);
    const results = await Promise.all(
      views.map((view, i) =>
        app.slack.submitView(view, { customer: code, description: `n${i}` }, { userId: agents[i] }),
      ),
    );
    expect(results.map((r) => r.body).filter((b) => b !== '')).toEqual([]);
    const numbers = (await app.db.models.tickets.find().lean()).map((t) => t.number);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers.every((n) => /^T2026\d{4}$/.test(n))).toBe(true);
  });

  test('a customer that no longer exists, or a missing time, is refused inline', async () => {
    const missingCustomer = await submitTicket({ customer: 'C2026999', description: 'x' });
    expect(missingCustomer.body).toEqual({
      response_action: 'errors',
      errors: { customer: 'No customer has the code C2026999. Try /customer find C2026999.' },
    });
    const code = await createCustomer();
    const noTime = await submitTicket({ customer: code, description: 'x', received_time: null });
    expect(noTime.body).toEqual({
      response_action: 'errors',
      errors: { received_time: 'Required.' },
    });
  });

  test('in Chinese, the DM to whom a ticket is handed: no space between a Chinese customer name and 的, one after a Latin name', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const text = async (name: string) => {
      const { code } = await makeCustomer(app, { name });
      const ticket = await makeTicket(app, { customerCode: code, title: 'Line down' });
      await act(app, ticket.number, { action: 'claim' }, AGENT);
      await act(app, ticket.number, { action: 'escalate', reason: 'x', expertId: EXPERT }, AGENT);
      await app.desk.outbox.drain();
      return String(app.fake.postsTo(EXPERT).at(-1)!.args.text);
    };
    expect(await text('华东机械')).toMatch(/^华东机械的一般工单 /);
    expect(await text('Acme 2')).toMatch(/^Acme 2 的一般工单 /);
  });
});
