// The next reply in the DM of a hand-over of many tickets (moved from
// test/e2e/next-reply.test.ts: 21 tickets owing a reply, tasks and customers made a test): the DM
// keeps every task and customer line, each section within Slack's 3000 characters.
import { describe, expect, test } from 'vitest';
import { useNextReplyApp, ADMIN, CUST, CUSTOMER_USER } from '../helpers/next-reply.js';
import { act, AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { submitLastModal } from '../helpers/clicks.js';

const { app, say } = useNextReplyApp();

describe('the next reply in the DMs of a ticket handed over', () => {
  const AGENT2 = 'U0AGENT002';

  test('/desk handover of many tickets owing a reply: the DM keeps every task and customer line, each section within Slack’s 3000 characters', async () => {
    await app.setSettings(() => ({
      agents: [AGENT, AGENT2],
      accountManagers: [OWNER],
      openDesk: false,
    }));
    // 21 tickets in the customer's channel, ten minutes apart (each a new ticket), each answered
    // by the agent and written to again by the customer: 21 replies owed, one more than named.
    // The first goes through Slack; the other 20 are stored as it is, each its own conversation
    // ten minutes later, and their due times worked out by the desk's own recalculation (the
    // business calendar's evening moves the later ones to the next morning): 84 deliveries
    // through Bolt took most of this test's time.
    const at = (i: number, minutes: number) =>
      new Date(Date.parse('2026-11-24T01:00:00Z') + (i * 10 + minutes) * 60_000);
    const rootOf = (i: number) => `${at(i, 0).getTime() / 1000}.000100`;
    await say('Scanner 1 does not start', CUSTOMER_USER, at(0, 0).toISOString());
    const first = (await app.db.models.tickets
      .findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:${rootOf(0)}` })
      .lean())!;
    await act(app, first.number, { action: 'claim' });
    await say('Please restart it', AGENT, at(0, 2).toISOString(), rootOf(0));
    await say('Restarted, still dark', CUSTOMER_USER, at(0, 4).toISOString(), rootOf(0));
    const {
      _id,
      dueAt: _d,
      nextAlertAt: _n,
      resolutionDueAt: _r,
      replyDueAt: _p,
      ...model
    } = (await app.db.models.tickets.findById(first._id).lean())!;
    expect(model).toMatchObject({ status: 'assigned', assigneeId: AGENT, replyFrom: at(0, 4) });
    /** A time, or a message's `ts` (in a `channel:ts` too), as the i-th ticket has it. */
    function later(value: Date, i: number): Date;
    function later(value: string, i: number): string;
    function later(value: Date | string, i: number): Date | string {
      if (value instanceof Date) return new Date(value.getTime() + i * 10 * 60_000);
      return value.replace(/(\d{10})\./, (_, s: string) => `${Number(s) + i * 10 * 60}.`);
    }
    const copies = Array.from({ length: 20 }, (_, k) => {
      const i = k + 1;
      const number = `T2026${String(i + 1).padStart(4, '0')}`;
      return {
        ...model,
        number,
        title: `Scanner ${i + 1} does not start`,
        description: `Scanner ${i + 1} does not start`,
        source: { ...model.source!, ts: later(model.source!.ts, i) },
        conversation: { ...model.conversation!, ts: later(model.conversation!.ts, i) },
        submissionId: later(model.submissionId, i),
        sourcePermalink: model.sourcePermalink!.replace(
          /p(\d{10})/,
          (_, s: string) => `p${Number(s) + i * 600}`,
        ),
        receivedAt: later(model.receivedAt, i),
        createdAt: later(model.createdAt, i),
        firstResponseAt: later(model.firstResponseAt!, i),
        replyFrom: later(model.replyFrom!, i),
        timeline: model.timeline.map((e) => ({
          ...e,
          at: later(e.at, i),
          ...(e.source ? { source: later(e.source, i) } : {}),
        })),
        // a card of its own in the triage channel, as each ticket's intake posts
        card: {
          ...model.card,
          ts: `${Number(model.card!.ts!.split('.')[0]) + 1000 + i}.000100`,
          permalink: model.card!.permalink!.replace(
            /p(\d{10})/,
            (_, s: string) => `p${Number(s) + 1000 + i}`,
          ),
        },
      };
    });
    await app.db.models.tickets.collection.insertMany(copies);
    app.clock.set(at(20, 4).toISOString());
    expect(await app.desk.services.tickets.recalculateClocks(await ctxOf(app, ADMIN))).toBe(20);
    const numbers = [first.number, ...copies.map((c) => c.number)];
    // Three tasks the agent does, each about a customer of its own; three customers they own.
    const taskCodes: string[] = [];
    for (const name of ['Taiyuan Steel', 'Ningbo Ports', 'Xiamen Optics']) {
      const customer = await makeCustomer(app, { name });
      await app.slack.command('/task', 'new', { userId: OWNER });
      await submitLastModal(
        app,
        {
          customer: customer.code,
          kind: 'visit',
          executor: AGENT,
          due: '2026-11-27',
          content: 'Visit',
        },
        OWNER,
      );
      taskCodes.push(customer.code);
    }
    const owned = ['Harbin Tools', 'Dalian Marine', 'Kunming Tea'];
    for (const name of owned) await makeCustomer(app, { name, ownerId: AGENT });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    app.fake.reset();

    // Tuesday 15:00: none of the replies overdue yet.
    app.clock.set('2026-11-24T07:00:00Z');
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    await submitLastModal(app, { from: AGENT, to: AGENT2, what: 'tickets,tasks,customers' }, ADMIN);

    const dm = app.fake
      .postsTo(AGENT2)
      .find((p) => String(p.args.text).includes('handed you the work'));
    expect(dm, 'the receiver’s DM was posted').toBeDefined();
    // The fallback text within its limit; every section within Slack's, none cut.
    expect(String(dm!.args.text).length).toBeLessThanOrEqual(3000);
    const blocks = dm!.args.blocks as { type: string; text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(10);
    const sections = blocks.map((b) => b.text!.text);
    for (const section of sections) {
      expect(section.length).toBeLessThanOrEqual(3000);
      expect(section.endsWith('…')).toBe(false);
    }
    const lines = sections.flatMap((s) => s.split('\n'));
    const [head] = lines;
    const tasks = Number(/(\d+) tasks?/.exec(head!)![1]);
    expect(head).toContain('21 open tickets');
    expect(head).toContain('3 customers');

    // The tickets: twenty named, the rest counted; the twenty soonest replies, the rest counted.
    const ticketsLine = lines.find((l) => l.startsWith('• Tickets:'))!;
    expect(ticketsLine).toMatch(/and 1 more$/);
    const owed = lines.filter((l) => l.includes('the customer wrote again, reply due'));
    expect(owed).toHaveLength(20);
    numbers.slice(0, 20).forEach((n, i) => expect(owed[i]).toContain(`|${n}>`));
    expect(lines[lines.indexOf(owed.at(-1)!) + 1]).toBe('and 1 more');

    // Every task and the customers, after them.
    const taskLines = lines.filter((l) => l.startsWith('• Task:'));
    expect(taskLines).toHaveLength(tasks);
    for (const c of taskCodes) expect(taskLines.some((l) => l.includes(`(${c})`))).toBe(true);
    const customersLine = lines.find((l) => l.startsWith('• Customers:'))!;
    for (const name of owned) expect(customersLine).toContain(name);
    // 21 moves and the tasks' modals: kept above the 20 s default for loaded machines.
  }, 60_000);
});
