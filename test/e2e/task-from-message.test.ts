// revtasks F7: a task planned from a message ("Create task": its words and link as what to do,
// its channel's customer when linked) and one linked to a ticket (New task from the ticket:
// an issue follow-up, its ticket stored), which a reopen or merge of the ticket leaves open.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { lastModalView, submitLastModal } from '../helpers/clicks.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';

const CHANNEL = 'C0CUSTCH01';
const STRANGER = 'U0NOROLE01';
const ADMIN = 'U0ADMIN001';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const field = (view: any, block: string) =>
  view.blocks.find((b: any) => b.block_id === block)?.element;

describe('Create task on a message', () => {
  test('the manifest offers it; the modal holds the words, escaped where shown, and the link; a linked channel picks its customer', async () => {
    expect(readFileSync('manifest.yml', 'utf8')).toMatch(/callback_id: task_from_message/);
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.desk.services.channels.link(await ctxOf(app, ADMIN), {
      channelId: CHANNEL,
      customerCode: code,
      shared: false,
    });
    const words =
      'Call them back <!channel> Thursday about the <https://x.test|spare> part & invoice';
    await app.slack.messageShortcut(
      'task_from_message',
      { text: words, ts: '1764000000.000100', user: 'U0CUST0001' },
      { userId: AGENT, channelId: CHANNEL },
    );
    const view = lastModalView(app);
    expect(view.callback_id).toBe('task_new');
    expect(field(view, 'customer').initial_option.value).toBe(code);
    const content = String(field(view, 'content').initial_value);
    expect(content).toBe(
      'Call them back @channel Thursday about the spare part & invoice\n' +
        `https://fake.slack.test/archives/${CHANNEL}/p1764000000000100`,
    );
    await submitLastModal(app, { due: '2026-11-26' }, AGENT);
    const task = (await app.db.models.tasks.findOne({ assigneeId: AGENT }).lean())!;
    expect(task).toMatchObject({ customerCode: code, content, dueDate: '2026-11-26' });

    // Its words reach the reminders escaped: no @channel ping, no forged link.
    await app.slack.command('/task', 'mine', { userId: AGENT });
    const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
    expect(mine).not.toContain('<!channel>');
    expect(mine).toContain('part &amp; invoice');
  });

  test('elsewhere the customer is left to pick; someone who may plan no task gets no form', async () => {
    await app.setSettings(() => ({ openDesk: false, agents: [AGENT] }));
    await app.slack.messageShortcut(
      'task_from_message',
      { text: 'Ask about the renewal' },
      { userId: AGENT, channelId: 'C0GENERAL1' },
    );
    const view = lastModalView(app);
    expect(field(view, 'customer').initial_option).toBeUndefined();
    expect(String(field(view, 'content').initial_value)).toMatch(/^Ask about the renewal\nhttps:/);

    app.fake.reset();
    await app.slack.messageShortcut(
      'task_from_message',
      { text: 'Ask about the renewal' },
      { userId: STRANGER, channelId: 'C0GENERAL1' },
    );
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `You can plan tasks only for a customer you own, and you own none. Agents, experts and managers plan tasks for any customer: ask <@${ADMIN}> to give you a role in \`/desk roles\`.`,
    );
  });
});

describe('a task linked to a ticket', () => {
  test('stored with its ticket, an issue follow-up; a reopen and a merge of the ticket leave it open (a person planned it)', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const ticket = await makeTicket(app, { customerCode: code });
    const other = await makeTicket(app, { customerCode: code, title: 'Other' });
    const ctx = await ctxOf(app, OWNER);
    const planned = await app.desk.flows.tasks.createManual(ctx, {
      customerCode: code,
      kind: 'issue',
      assigneeId: OWNER,
      dueDate: '2026-11-27',
      content: 'Call back about the spare part',
      ticketNumber: ticket.number,
      submissionId: 'linked-1',
    });
    expect(planned).toMatchObject({
      kind: 'issue',
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      status: 'open',
    });
    // Another customer's ticket: refused on the customer field, nothing saved.
    const { code: elsewhere } = await makeCustomer(app, { name: 'Other Co' });
    await expect(
      app.desk.flows.tasks.createManual(ctx, {
        customerCode: elsewhere,
        kind: 'issue',
        assigneeId: OWNER,
        dueDate: '2026-11-27',
        content: 'Wrong customer',
        ticketNumber: ticket.number,
        submissionId: 'linked-2',
      }),
    ).rejects.toMatchObject({
      fields: { customer: { key: 'task.error.ticketCustomer' } },
    });

    // Resolved: the desk plans its follow-ups; reopened: those are cancelled, this one stays.
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced encoder' }, AGENT);
    await act(app, ticket.number, { action: 'reopen' }, AGENT);
    const about = await app.db.models.tasks.find({ ticketId: ticket.id }).lean();
    expect(about.filter((t) => t.kind === 'revisit').map((t) => t.status)).toEqual(['cancelled']);
    expect((await app.db.models.tasks.findById(planned.id).lean())!.status).toBe('open');

    // Merged into another ticket: still open, still about the ticket it was planned for.
    await act(app, ticket.number, { action: 'merge', into: other.number }, AGENT);
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.mergedInto,
    ).toBe(other.number);
    expect(await app.db.models.tasks.findById(planned.id).lean()).toMatchObject({
      status: 'open',
      ticketNumber: ticket.number,
    });
  });
});
