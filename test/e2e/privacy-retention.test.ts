// Personal data (#12): retention. With a period set, the daily privacy-retention job anonymises
// closed tickets' typed text and interactions older than it, once (a second run changes
// nothing); off by default. The eraseWorkspace seam deletes everything held for a workspace.
import { describe, expect, test, vi } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { failCalls } from '../helpers/faults.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const ADMIN = 'U0ADMIN001';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

async function seed() {
  const customer = await makeCustomer(app);
  const ticket = await makeTicket(app, {
    customerCode: customer.code,
    description: '王芳 138 0013 8000 reports E42',
  });
  await act(app, ticket.number, { action: 'claim' }, AGENT);
  await act(app, ticket.number, { action: 'note', text: '王芳 called again' }, AGENT);
  await act(
    app,
    ticket.number,
    { action: 'resolve', summary: 'Replaced the board for 王芳' },
    AGENT,
  );
  await act(app, ticket.number, { action: 'close' }, AGENT);
  await app.desk.services.customers.logInteraction(await ctxOf(app, OWNER), customer.code, {
    type: 'call',
    date: '2026-11-24',
    summary: '王芳 was happy',
    feedback: 'ok',
  });
  return { ticket, customer };
}

const ticketOf = (number: string) => app.db.models.tickets.findOne({ number }).lean();

describe('retention', () => {
  test('off by default: nothing is anonymised, however old', async () => {
    const { ticket } = await seed();
    await runJobAt(app, privacyRetentionJob, '2028-01-04T01:00:00Z');
    expect((await ticketOf(ticket.number))!.description).toContain('王芳');
  });

  test('with 30 days: only what is older goes, once; the ticket keeps its figures; logged', async () => {
    const { ticket } = await seed();
    await app.setSettings(() => ({ retentionDays: 30 }));
    // 20 days later: too young.
    await runJobAt(app, privacyRetentionJob, '2026-12-14T01:00:00Z');
    expect((await ticketOf(ticket.number))!.description).toContain('王芳');
    // 40 days later.
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.description).toBe('[erased]');
    expect(stored.title).toBe('[erased]');
    expect(stored.resolution).toBe('[erased]');
    expect(JSON.stringify(stored.timeline)).not.toContain('王芳');
    expect(stored.status).toBe('closed');
    expect(stored.number).toBe(ticket.number);
    const interaction = (await app.db.models.interactions.findOne().lean())!;
    expect(interaction.summary).toBe('[erased]');
    expect(interaction.feedback).toBeUndefined();
    expect(interaction.type).toBe('call');
    // Idempotent: the next day's run changes nothing more and logs nothing more.
    await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.subject, e.detail])).toEqual([
      ['retention', 'all', { tickets: 1, interactions: 1, days: 30 }],
    ]);
  });

  test('a ticket written by another instance while retention runs keeps that write (an erasure is not undone)', async () => {
    const { ticket } = await seed();
    await app.setSettings(() => ({ retentionDays: 30 }));
    // Between retention's read and its write, an erasure on another instance scrubs the
    // customer's name from the ticket (injected just before retention's first write).
    const raw = app.db.models.tickets.collection;
    const updateOne = raw.updateOne.bind(raw);
    let first = true;
    raw.updateOne = (async (...args: Parameters<typeof updateOne>) => {
      // Retention's rewrite: the write that counts itself in `scrubV`.
      if (first && (args[1] as { $inc?: { scrubV?: number } }).$inc?.scrubV) {
        first = false;
        await updateOne(
          { number: ticket.number },
          { $set: { customerName: '[erased] C2026001' }, $inc: { version: 1 } },
        );
      }
      return updateOne(...args);
    }) as typeof updateOne;
    try {
      await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    } finally {
      raw.updateOne = updateOne;
    }
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.customerName).toBe('[erased] C2026001');
    expect(stored.description).toBe('[erased]');
    expect(stored.status).toBe('closed');
  });

  test('eraseWorkspace deletes every document of the workspace', async () => {
    await seed();
    await app.desk.outbox.drain();
    const deleted = await app.desk.services.dataSubjects.eraseWorkspace(FAKE_TEAM_ID);
    expect(deleted.tickets).toBe(1);
    const db = app.db.conn.db!;
    for (const { name } of await db.listCollections().toArray())
      expect(await db.collection(name).countDocuments({ teamId: FAKE_TEAM_ID })).toBe(0);
  });
});

describe('retention takes every typed text of an old ticket, and its follow-up calls', () => {
  test("a closed complaint's contact summary, root cause, corrective action and survey comment, and the revisit call's summary and feedback (the card's Last revisit) are anonymised too", async () => {
    const REQ = 'U0REQUEST1';
    await app.setSettings(() => ({ retentionDays: 30 }));
    const customer = await makeCustomer(app);
    const ticket = await makeTicket(app, {
      customerCode: customer.code,
      type: 'complaint',
      complaintUrgency: 'general',
      requester: { userId: REQ },
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(
      app,
      ticket.number,
      {
        action: 'contact',
        at: app.clock.now(),
        via: 'call',
        summary: 'Called 王芳 on 138 0013 8000',
      },
      OWNER,
    );
    await act(
      app,
      ticket.number,
      {
        action: 'resolve',
        summary: 'Replaced the board',
        rootCause: 'service',
        rootCauseText: '王芳 was given the wrong part',
        correctiveAction: 'Check parts with 王芳 before shipping',
      },
      AGENT,
    );
    // The requester answers the survey with a comment naming her.
    const stored = (await ticketOf(ticket.number))!;
    await app.desk.flows.requester.answer(await ctxOf(app, REQ), String(stored._id), {
      satisfaction: 4,
      comment: 'Ask for 王芳, 13800138000',
    });
    // The revisit call is made and logged.
    const revisit = (await app.db.models.tasks
      .findOne({ ticketNumber: ticket.number, kind: 'revisit' })
      .lean())!;
    await app.desk.services.tasks.complete(await ctxOf(app, AGENT), String(revisit._id), () => ({
      interactionType: 'call',
      summary: '王芳 says it works',
      feedback: '王芳 wants a spare board',
      solved: true,
    }));
    await act(app, ticket.number, { action: 'close' }, AGENT);
    const card = async () =>
      JSON.stringify((await app.slack.command('/customer', customer.code, { userId: OWNER })).body);
    expect(await card()).toContain('王芳 says it works');

    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const after = (await ticketOf(ticket.number))!;
    expect(JSON.stringify(after)).not.toMatch(/王芳|138 0013|13800138/);
    expect(after.complaint).toMatchObject({ rootCause: 'service', rootCauseText: '[erased]' });
    expect(after.survey).toMatchObject({ satisfaction: 4, comment: '[erased]' });
    const task = (await app.db.models.tasks.findById(revisit._id).lean())!;
    expect(task.outcome).toMatchObject({ summary: '[erased]', solved: true });
    expect(JSON.stringify(task)).not.toContain('王芳');
    expect(await card()).not.toContain('王芳');
    // Idempotent: the next run changes nothing more.
    await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
    expect((await app.db.models.privacyLog.find().lean()).map((e) => e.detail)).toHaveLength(1);
  });
});

describe('retention after an erasure: what the erasure left is taken all the same', () => {
  test("a ticket whose Slack requester was erased (title and description [erased]) loses the staff's resolution, notes and upgrade intent; an interaction whose summary was erased loses its feedback", async () => {
    const REQ = 'U0CUSTREQ1';
    const customer = await makeCustomer(app);
    const ticket = await makeTicket(app, {
      customerCode: customer.code,
      title: 'Pump stopped',
      description: 'The pump on line 2 stopped',
      requester: { userId: REQ, via: 'slack' },
    });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(app, ticket.number, { action: 'note', text: 'Called 王芳 at 138 0013 8000' }, AGENT);
    await act(
      app,
      ticket.number,
      {
        action: 'resolve',
        summary: 'Replaced the pump for 王芳',
        upgradeWhat: '王芳 wants a second pump',
      },
      AGENT,
    );
    await act(app, ticket.number, { action: 'close' }, AGENT);
    const { interaction: call } = await app.desk.services.customers.logInteraction(
      await ctxOf(app, OWNER),
      customer.code,
      { type: 'call', date: '2026-11-24', summary: '王芳', feedback: '王芳 on 138 0013 8000' },
    );
    // An erasure of her name leaves the summary that was only her name `[erased]` (set here as
    // it would, no contact of hers being on the file), its feedback kept.
    await app.db.models.interactions.updateOne({ _id: call.id }, { $set: { summary: '[erased]' } });

    // The requester erased through Slack: their title and description go, the staff's words stay.
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    expect(modal.callback_id).toBe('privacy_erase');
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const erased = (await ticketOf(ticket.number))!;
    expect([erased.title, erased.description]).toEqual(['[erased]', '[erased]']);
    expect(erased.resolution).toBe('Replaced the pump for 王芳');

    await app.setSettings(() => ({ retentionDays: 30 }));
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.resolution).toBe('[erased]');
    expect(stored.upgradeWhat).toBe('[erased]');
    const texts = stored.timeline.filter((e) => e.text !== undefined).map((e) => e.text);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).toBe('[erased]');
    expect(JSON.stringify(stored)).not.toMatch(/王芳|138 0013/);
    const interaction = (await app.db.models.interactions.findById(call.id).lean())!;
    expect(interaction.feedback).toBeUndefined();
    expect(interaction.summary).toBe('[erased]');
    // Idempotent: the next run finds nothing.
    await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
    const log = await app.db.models.privacyLog.find({ kind: 'retention' }).lean();
    expect(log.map((e) => e.detail)).toEqual([{ tickets: 1, interactions: 1, days: 30 }]);
  });

  test("one note of a timeline already [erased] does not hide another's text", async () => {
    const customer = await makeCustomer(app);
    const ticket = await makeTicket(app, { customerCode: customer.code });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(app, ticket.number, { action: 'note', text: 'Wrong part' }, AGENT);
    await act(app, ticket.number, { action: 'note', text: '王芳 on 138 0013 8000' }, AGENT);
    await act(app, ticket.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    await act(app, ticket.number, { action: 'close' }, AGENT);
    // Set by hand as an erasure of other words could leave it: every typed text `[erased]` but
    // the second note's.
    const held = (await ticketOf(ticket.number))!;
    const kept = held.timeline.findLastIndex((e) => e.action === 'note');
    await app.db.models.tickets.updateOne(
      { _id: held._id },
      {
        $set: {
          title: '[erased]',
          description: '[erased]',
          resolution: '[erased]',
          timeline: held.timeline.map((e, k) =>
            e.text !== undefined && k !== kept ? { ...e, text: '[erased]' } : e,
          ),
        },
      },
    );

    await app.setSettings(() => ({ retentionDays: 30 }));
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.timeline[kept]!.text).toBe('[erased]');
    expect(JSON.stringify(stored)).not.toMatch(/王芳|138 0013/);
  });

  test("a demand's plan dates (typed: 'to 王芳 by 12-20') are taken with its plan", async () => {
    const customer = await makeCustomer(app);
    const ticket = await makeTicket(app, { customerCode: customer.code, type: 'demand' });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(
      app,
      ticket.number,
      { action: 'plan', summary: 'A second pump', dates: 'to 王芳 by 12-20' },
      AGENT,
    );
    await act(app, ticket.number, { action: 'resolve', summary: 'Planned' }, AGENT);
    await act(app, ticket.number, { action: 'close' }, AGENT);
    await app.setSettings(() => ({ retentionDays: 30 }));
    await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.demand).toMatchObject({ planSummary: '[erased]', planDates: '[erased]' });
    expect(JSON.stringify(stored)).not.toContain('王芳');
  });
});

describe("retention shows the anonymised tickets' cards in the triage channel again", () => {
  const TRIAGE = 'C0TRIAGE01';
  /**
   * The cards updated in the triage channel since the fake Slack's record was cleared (not the
   * edits of the lines under them, which carry no blocks: retention-thread-edits checks those).
   */
  const updated = () =>
    app.fake
      .callsTo('chat.update')
      .filter(
        (c) =>
          c.args.channel === TRIAGE &&
          c.outcome === 'ok' &&
          (c.args.blocks as unknown[] | undefined)?.length,
      );

  test('the card of a ticket it anonymised no longer shows its title and description; a run that changes nothing updates no card', async () => {
    const { ticket } = await seed();
    const stored = (await ticketOf(ticket.number))!;
    expect(stored.card.ts).toBeTruthy();
    await app.setSettings(() => ({ retentionDays: 30 }));
    // Too young: nothing anonymised, no card touched.
    await runJobAt(app, privacyRetentionJob, '2026-12-14T01:00:00Z');
    expect(updated()).toEqual([]);

    const [run] = await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    expect(run!.error).toBeUndefined();
    const cards = updated();
    expect(cards.map((c) => c.args.ts)).toEqual([stored.card.ts]);
    const shown = JSON.stringify(cards[0]!.args);
    expect(shown).toContain(ticket.number);
    expect(shown).toContain('[erased]');
    for (const trace of ['王芳', 'Spindle error', 'E42', '8000'])
      expect(shown).not.toContain(trace);

    // The next day's run anonymises nothing more: no card is updated again.
    await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
    expect(updated()).toEqual([]);
  });

  test('a failure to write the cards to the outbox does not fail the run: the tickets are anonymised and the run recorded', async () => {
    const { ticket } = await seed();
    await app.setSettings(() => ({ retentionDays: 30 }));
    const reads = vi
      .spyOn(app.desk.services.tickets, 'byIds')
      .mockRejectedValueOnce(new Error('database unavailable'));
    let run;
    try {
      [run] = await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    } finally {
      reads.mockRestore();
    }
    expect(run!.error).toBeUndefined();
    expect(run!.counts).toMatchObject({ tickets: 1, cardsMissed: 1 });
    expect((await ticketOf(ticket.number))!.description).toBe('[erased]');
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.detail])).toEqual([
      ['retention', { tickets: 1, interactions: 1, days: 30 }],
    ]);
  });

  test('a card the outbox failed to take is shown again by the next run, once', async () => {
    const { ticket } = await seed();
    const stored = (await ticketOf(ticket.number))!;
    await app.desk.outbox.drain();
    await app.setSettings(() => ({ retentionDays: 30 }));
    // The database fails between the ticket's rewrite and the card's write to the outbox.
    const restore = failCalls(app.desk.services.outbox, 'enqueue');
    let run;
    try {
      [run] = await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    } finally {
      restore();
    }
    expect(run!.counts).toMatchObject({ tickets: 1, cardsMissed: 1 });
    expect((await ticketOf(ticket.number))!.description).toBe('[erased]');
    expect(updated()).toEqual([]);

    // The next day's run anonymises nothing more, but the triage card no longer shows her.
    await runJobAt(app, privacyRetentionJob, '2027-01-06T01:00:00Z');
    const cards = updated();
    expect(cards.map((c) => c.args.ts)).toEqual([stored.card.ts]);
    expect(JSON.stringify(cards[0]!.args)).toContain('[erased]');
    expect(JSON.stringify(cards[0]!.args)).not.toContain('王芳');
    // Owed once: the run after shows nothing again.
    await runJobAt(app, privacyRetentionJob, '2027-01-07T01:00:00Z');
    expect(updated()).toEqual([]);
  });
});
