// Personal data (#12): retention. With a period set, the daily privacy-retention job anonymises
// closed tickets' typed text and interactions older than it, once (a second run changes
// nothing); off by default. The eraseWorkspace seam deletes everything held for a workspace.
import { describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

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
    const replaceOne = raw.replaceOne.bind(raw);
    let first = true;
    raw.replaceOne = (async (...args: Parameters<typeof replaceOne>) => {
      if (first) {
        first = false;
        await raw.updateOne(
          { number: ticket.number },
          { $set: { customerName: '[erased] C2026001' }, $inc: { version: 1 } },
        );
      }
      return replaceOne(...args);
    }) as typeof replaceOne;
    try {
      await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
    } finally {
      raw.replaceOne = replaceOne;
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
    expect(JSON.stringify(after)).not.toMatch(/王芳|138/);
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
