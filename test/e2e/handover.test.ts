// `/desk handover`: a person who leaves has their open tickets, open tasks and customers handed
// to another by a manager, each moved as a Reassign, an Edit task or an owner change would be
// (cards, Homes, the change log), the receiver told once. Through the real Bolt HTTP path:
// signed requests, the fake Slack, the test database.
import { expect, test, vi } from 'vitest';
import {
  ADMIN,
  AGENT,
  handoverKit,
  LEAVER,
  MANAGER,
  OWNER,
  OWNER2,
  RECEIVER,
  TRIAGE,
  useHandoverApp,
  type View,
} from '../helpers/handover-kit.js';
import { holdFirstCall } from '../helpers/hold.js';
import { act, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { submitLastModal } from '../helpers/clicks.js';
import { HANDOVER_HOLD_MS } from '../../src/flows/handover.js';
import { customer, task, ticket } from '../helpers/records.js';
import type { HandoverResult } from '../../src/workspace/types.js';
import { HandoverNotifier } from '../../src/notify/handover.js';
import { outboxJob } from '../../jobs/outbox.js';
import { runJobAt } from '../helpers/jobs.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useHandoverApp();
const kit = handoverKit(app);
const { lastOpened, lastModal, deliverAll, planTask, leaversWork, handOver, managerDms } = kit;
const { everything, accountManagersWork, summaryOf, cutShortLines } = kit;
const { assigneeOf, stopAfterRun, failReassign, handOverCutShort, dmsTo } = kit;

test('a manager hands a leaver’s work over: tickets (L2 too), tasks and customers move, the receiver gets one DM; a second run moves and sends nothing', async () => {
  const { theirs, l1, l2, waiting, done } = await leaversWork();
  // A ticket of the leaver's customer nobody took: its account manager is the customer's owner.
  const theirsOpen = await makeTicket(app, { customerCode: theirs.code, title: 'Spare parts' });
  await deliverAll();
  app.fake.reset();

  // `/desk help` lists it, under a heading that says /desk is the managers' too.
  const help = await app.slack.command('/desk', 'help', { userId: MANAGER });
  const helpText = JSON.stringify(help.body);
  expect(helpText).toContain('`/desk handover`');
  expect(helpText).toContain('*/desk*: run the desk (admins and managers)');
  expect(helpText).not.toContain('(admins)');

  // The modal: From, To, and what, all ticked.
  await app.slack.command('/desk', 'handover', { userId: MANAGER });
  const view = lastOpened();
  expect(view.callback_id).toBe('desk_handover');
  const what = view.blocks.find((b: any) => b.block_id === 'what').element;
  expect(what.initial_options.map((o: any) => o.value)).toEqual(['tickets', 'tasks', 'customers']);

  // The same person twice: said on the field.
  const same = await handOver(MANAGER, { ...everything, to: LEAVER }, view);
  expect(same.body).toEqual({
    response_action: 'errors',
    errors: { to: 'Pick someone other than the person whose work is handed over.' },
  });

  const res = await handOver(MANAGER, everything, view);
  expect(res.body).toBe('');
  await deliverAll();

  // Tickets: the open ones are the receiver's (the L2 one still at L2, the waiting one still
  // waiting, its clock paused as before), the resolved one stays.
  const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
  const byNumber = new Map(tickets.map((t: any) => [t.number, t]));
  expect(byNumber.get(l1.number)!.assigneeId).toBe(RECEIVER);
  expect(byNumber.get(l2.number)!.assigneeId).toBe(RECEIVER);
  expect(byNumber.get(l2.number)!.level).toBe(2);
  expect(byNumber.get(waiting.number)).toMatchObject({ status: 'waiting', assigneeId: RECEIVER });
  expect(byNumber.get(waiting.number)!.pauses).toHaveLength(1);
  expect(byNumber.get(waiting.number)!.pauses[0].to).toBeUndefined();
  expect(byNumber.get(done.number)!.assigneeId).toBe(LEAVER);
  // Each moved as a Reassign by the manager: on its timeline.
  const last = (n: string) => (byNumber.get(n)!.timeline as any[]).at(-1);
  expect(last(l1.number)).toMatchObject({ action: 'reassign', by: MANAGER, assigneeId: RECEIVER });

  // Their cards were redrawn with the new assignee.
  const cardTexts = app.fake
    .callsTo('chat.update')
    .filter((c) => c.args.channel === TRIAGE)
    .map((c) => JSON.stringify(c.args.blocks));
  for (const n of [l1.number, l2.number, waiting.number])
    expect(cardTexts.some((t) => t.includes(n) && t.includes(`<@${RECEIVER}>`))).toBe(true);

  // Tasks: the executor's is the receiver's to do, the approver's theirs to sign off.
  const tasks = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID }).lean();
  const visit = tasks.find((t: any) => t.content === 'Visit the plant')!;
  const call = tasks.find((t: any) => t.content === 'Call about the price list')!;
  expect(visit.assigneeId).toBe(RECEIVER);
  expect(call).toMatchObject({ assigneeId: AGENT, approverId: RECEIVER });
  const open = tasks.filter((t: any) => t.status === 'open');
  expect(open.filter((t: any) => [t.assigneeId, t.approverId].includes(LEAVER))).toEqual([]);

  // The customer is the receiver's; its History shows the change by the manager.
  const customer = await app.db.models.customers.findOne({ code: theirs.code }).lean();
  expect(customer!.ownerId).toBe(RECEIVER);
  // Its open ticket follows: the receiver is its account manager now (its SLA alerts, L3).
  expect(byNumber.get(theirsOpen.number)!.accountManagerId).toBe(RECEIVER);
  await app.slack.blockAction(
    { action_id: 'customer_history', value: theirs.code, block_id: 'customer_actions' },
    { userId: MANAGER },
  );
  const history = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
  expect(history).toContain(`<@${MANAGER}>`);
  expect(history).toMatch(new RegExp(`Owner: <@${LEAVER}> → <@${RECEIVER}>`));

  // One DM to the receiver, listing it all; none to the leaver.
  const dms = app.fake.postsTo(RECEIVER);
  expect(dms).toHaveLength(1);
  const dm = String(dms[0]!.args.text);
  // The tasks: the two planned, and the two follow-ups their resolved ticket planned for them.
  expect(dm).toContain(
    `<@${MANAGER}> handed you the work of <@${LEAVER}>: 3 open tickets, 4 tasks, 1 customer.`,
  );
  expect(dm.split('\n').filter((l) => l.startsWith('• Task:'))).toHaveLength(4);
  expect(dm).toContain(l1.number);
  expect(dm).toContain(l2.number);
  expect(dm).toContain(waiting.number);
  expect(dm).toContain('Leaver Works');
  expect(app.fake.postsTo(LEAVER)).toEqual([]);

  // The manager's summary.
  const told = managerDms().map((c) => String(c.args.text));
  expect(told.filter((t) => t.startsWith('Hand-over'))).toEqual([
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 3 tickets, 4 tasks, 1 customer moved.\n` +
      // An agent now owns a customer: its L3 escalations are theirs.
      `:warning: <@${RECEIVER}> holds no account manager role: the L3 escalations of these customers go to them as “the account manager”. Make them one in \`/desk roles\`, or hand the customers to an account manager.`,
  ]);

  // /ticket mine of the receiver lists both tickets.
  await app.slack.command('/ticket', 'mine', { userId: RECEIVER });
  const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
  expect(mine).toContain(l1.number);
  expect(mine).toContain(l2.number);
  expect(mine).toContain(waiting.number);

  // A second run: nothing left, said with what was found; nothing sent.
  app.fake.reset();
  const again = await handOver(MANAGER, everything);
  expect(again.body).toEqual({
    response_action: 'errors',
    errors: {
      what: 'Nothing to move of what is ticked: found 0 open tickets, 0 open tasks, 0 customers.',
    },
  });
  await deliverAll();
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  expect(app.fake.callsTo('chat.update')).toEqual([]);
});

test('an agent is refused by the service, whatever the submission says: nothing moves', async () => {
  const { l1 } = await leaversWork();
  // The agent cannot open the modal; a crafted submission of the manager's modal is refused.
  await app.slack.command('/desk', 'handover', { userId: MANAGER });
  const view = lastOpened();
  app.fake.reset();
  const res = await handOver(AGENT, everything, view);
  expect(JSON.stringify(res.body)).toContain(
    'Only managers and admins of the desk can hand a person’s work over',
  );
  await deliverAll();
  const ticket = await app.db.models.tickets.findOne({ number: l1.number }).lean();
  expect(ticket!.assigneeId).toBe(LEAVER);
  expect(app.fake.postsTo(RECEIVER)).toEqual([]);
});

test('in a Chinese workspace: the manager’s help, the receiver’s DM and the summary in Chinese, with what was not moved and why', async () => {
  const { l1 } = await leaversWork();
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  // A task the leaver does and the receiver signs off: handed to the receiver, they would sign
  // off their own task, which Edit task refuses.
  await planTask(l1.customerCode, LEAVER, RECEIVER, 'Check the invoice');
  await deliverAll();
  app.fake.reset();

  const help = await app.slack.command('/desk', 'help', { userId: MANAGER });
  expect(JSON.stringify(help.body)).toContain('*/desk*：管理服务台（管理员和主管）');

  expect((await handOver(MANAGER, everything)).body).toBe('');
  await deliverAll();

  // The task stays the leaver's; the rest moved.
  const kept = await app.db.models.tasks.findOne({ content: 'Check the invoice' }).lean();
  expect(kept).toMatchObject({ assigneeId: LEAVER, approverId: RECEIVER, status: 'open' });

  // The summary: what moved, then the one record not moved, with why.
  const summary = managerDms()
    .map((c) => String(c.args.text))
    .filter((t) => t.startsWith('已把'));
  expect(summary).toHaveLength(1);
  const [head, ...notMoved] = summary[0]!.split('\n');
  expect(head).toBe(
    `已把 <@${LEAVER}> 的工作移交给 <@${RECEIVER}>：工单 3 张，任务 4 个，客户 1 家；1 项未移交：`,
  );
  expect(notMoved).toEqual([
    `• 任务 *拜访* · Huadong Machinery（${l1.customerCode}）：请选择负责人以外的人：不能审批自己的任务。`,
    `:warning: <@${RECEIVER}> 没有客户经理角色：这些客户的 L3 升级会作为“客户经理”转给他。请在 \`/desk roles\` 中为其分配该角色，或把客户移交给一位客户经理。`,
  ]);

  // The receiver's one DM, in Chinese.
  const dms = app.fake.postsTo(RECEIVER).map((c) => String(c.args.text));
  expect(dms).toHaveLength(1);
  expect(dms[0]).toContain(
    `:inbox_tray: <@${MANAGER}> 把 <@${LEAVER}> 的工作移交给了你：未结工单 3 张，任务 4 个，客户 1 家。`,
  );
  expect(dms[0]).toContain('• 工单：');
  expect(dms[0]).toContain('• 客户：');
  expect(dms[0]).not.toContain('Check the invoice');
});

test('an owner’s task goes with its customer: a hand-over of the tasks alone leaves it with the customer, the customers’ hand-over gives it to their new owner', async () => {
  const { theirs } = await accountManagersWork();

  // The tasks to an agent: the visit moves; the upgrade intent is the customer's owner's.
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  await deliverAll();
  expect(await assigneeOf({ content: 'Visit the plant' })).toBe(RECEIVER);
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(LEAVER);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 0 tickets, 1 task, 0 customers moved; 1 not moved:\n` +
      `• Task *Upgrade intent: contact* · Leaver Works (${theirs.code}): An owner’s task: it goes with its customer to whoever takes the customer (tick “Customers they own”).`,
  );

  // The customers to another account manager: the upgrade intent goes with them, said so.
  app.fake.reset();
  expect((await handOver(MANAGER, { from: LEAVER, to: OWNER2, what: 'customers' })).body).toBe('');
  await deliverAll();
  expect((await app.db.models.customers.findOne({ code: theirs.code }).lean())!.ownerId).toBe(
    OWNER2,
  );
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(OWNER2);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${OWNER2}>: 0 tickets, 1 task, 1 customer moved.\n` +
      `1 task that comes with owning a customer went with the customers to their new owner.`,
  );
  const dms = app.fake.postsTo(OWNER2).map((c) => String(c.args.text));
  expect(dms).toHaveLength(1);
  expect(dms[0]).toContain(
    `• Task: *Upgrade intent: contact* · Leaver Works (${theirs.code}) (with its customer: an owner’s task)`,
  );
  // Nothing of the leaver's is left open.
  const open = await app.db.models.tasks.find({ status: 'open', assigneeId: LEAVER }).lean();
  expect(open).toEqual([]);
});

test('a revisit moved by the hand-over: the receiver\'s "not solved" reopens the leaver\'s resolved ticket', async () => {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [LEAVER, RECEIVER] }));
  const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
  const { number } = await makeTicket(app, { customerCode: code, title: 'Spindle error' });
  await act(app, number, { action: 'claim' }, LEAVER);
  await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' }, LEAVER);
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks' })).body).toBe('');
  const revisit = (await app.db.models.tasks.findOne({ kind: 'revisit' }).lean())!;
  expect(revisit.assigneeId).toBe(RECEIVER);
  const id = String(revisit._id);
  await app.slack.blockAction({ action_id: 'task_done_open', value: id }, { userId: RECEIVER });
  await submitLastModal(app, { solved: 'no', satisfaction: '3' }, RECEIVER);
  const ticket = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect([ticket.status, ticket.assigneeId, ticket.metrics.reopenCount]).toEqual([
    'assigned',
    LEAVER,
    1,
  ]);
  expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toContain(
    `*${number}* was reopened.`,
  );
});

test('customers handed to someone without the account manager role: moved as Edit customer would, the summary warns who gets their L3 escalations', async () => {
  const { theirs } = await accountManagersWork();
  expect((await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'customers' })).body).toBe(
    '',
  );
  await deliverAll();
  expect((await app.db.models.customers.findOne({ code: theirs.code }).lean())!.ownerId).toBe(
    RECEIVER,
  );
  expect(summaryOf().split('\n').at(-1)).toBe(
    `:warning: <@${RECEIVER}> holds no account manager role: the L3 escalations of these customers go to them as “the account manager”. Make them one in \`/desk roles\`, or hand the customers to an account manager.`,
  );
  // To an account manager: no warning.
  app.fake.reset();
  expect((await handOver(MANAGER, { from: RECEIVER, to: OWNER2, what: 'customers' })).body).toBe(
    '',
  );
  await deliverAll();
  expect(summaryOf()).not.toContain(':warning:');
});

test('the largest hand-over (500 tickets, 500 tasks, 500 customers): its outbox entry stays within a Slack message (40,000 characters), and the DM within Slack’s block limits', async () => {
  // The records as a hand-over leaves them (not stored: the DM, its tickets not found, is sent as
  // written), with long escaped names and a reply owed on every ticket: the most it can hold.
  const name = (i: number) => `Customer <${i}> & Sons Precision Machinery Trading Co. Ltd`;
  const n = (i: number) => String(i).padStart(4, '0');
  const result = {
    tickets: Array.from({ length: 500 }, (_, i) =>
      ticket({
        id: `665f0000000000000001${n(i)}`,
        number: `T2026${n(i)}`,
        customerName: name(i),
        assigneeId: RECEIVER,
        replyDueAt: new Date(Date.parse('2026-11-24T03:00:00Z') + i * 60_000),
        card: {
          pending: false,
          permalink: `https://acme.slack.com/archives/${TRIAGE}/p176400000${n(i)}00`,
        },
      }),
    ),
    tasks: Array.from({ length: 500 }, (_, i) =>
      task({ id: `care:C2026${n(i)}:2026-11-27`, customerName: name(i), assigneeId: RECEIVER }),
    ),
    customers: Array.from({ length: 500 }, (_, i) =>
      customer({ id: `665f0000000000000002${n(i)}`, code: `C2026${n(i)}`, name: name(i) }),
    ),
    withCustomer: [],
    refused: [],
  };
  app.fake.reset();
  await app.desk.flows.handover.tellReceiver(
    await ctxOf(app, MANAGER),
    { from: LEAVER, to: RECEIVER },
    result,
    'largest',
  );
  const entry = (await app.db.models.outbox.findOne({ key: 'handover:largest' }).lean())!;
  const stored = JSON.stringify(entry);
  expect(stored).toContain('665f00000000000000010499'); // every ticket's id (its reply lines)
  expect(stored.length).toBeLessThanOrEqual(40_000);
  const [dm] = app.fake.postsTo(RECEIVER);
  expect(dm).toBeDefined();
  const blocks = dm!.args.blocks as any[];
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) expect(block.text.text.length).toBeLessThanOrEqual(3000);
  expect(String(dm!.args.text).length).toBeLessThanOrEqual(4000);
});

test('a customer whose owner changed while the hand-over ran is not taken from its new owner', async () => {
  await app.setSettings(() => ({
    managers: [MANAGER],
    agents: [RECEIVER],
    accountManagers: [OWNER],
  }));
  const theirs = await makeCustomer(app, { name: 'Leaver Works', ownerId: LEAVER });
  const other = await makeCustomer(app, { name: 'Huadong Machinery' });
  const t = await makeTicket(app, { customerCode: other.code, title: 'Spindle error' });
  await act(app, t.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await deliverAll();
  app.fake.reset();

  // Slack slow on the ticket's card while the hand-over moves its tickets.
  const held = app.fake.holdNext('chat.update');
  await app.slack.command('/desk', 'handover', { userId: MANAGER });
  const view = app.fake.callsTo('views.open').at(-1)!.args.view as View;
  const pending = app.slack.submitView(
    view,
    { from: LEAVER, to: RECEIVER, what: 'tickets,tasks,customers' },
    { userId: MANAGER },
  );
  await held.arrived;
  // Meanwhile another manager gives the leaver's customer to OWNER (Edit customer).
  await app.desk.services.customers.update(await ctxOf(app, ADMIN), theirs.code, {
    ownerId: OWNER,
  });
  held.release();
  await pending;
  await deliverAll();

  const now = await app.db.models.customers
    .findOne({ teamId: FAKE_TEAM_ID, code: theirs.code })
    .lean();
  // The hand-over moves only what the leaver still holds: OWNER keeps it.
  expect(now!.ownerId).toBe(OWNER);
  const dm = app.fake
    .postsTo(RECEIVER)
    .map((c) => String(c.args.text))
    .join('\n');
  expect(dm).not.toContain('Leaver Works');
});

test('a workspace run by its admins alone (no managers): a gone person holding open work is said to an admin', async () => {
  await app.setSettings(() => ({
    managers: [],
    agents: [AGENT, LEAVER],
    accountManagers: [LEAVER],
  }));
  const customer = await makeCustomer(app, { name: 'Li Lei Trading', ownerId: LEAVER });
  const first = await makeTicket(app, { customerCode: customer.code, title: 'Invoice wrong' });
  app.clock.advance(31 * 60_000);
  await app.desk.outbox.drain();
  app.fake.refuseChannel(LEAVER, 'user_not_found');
  await act(app, first.number, { action: 'reassign', to: LEAVER }, ADMIN);
  for (let i = 0; i < 2; i++) {
    app.clock.advance(31 * 60_000);
    await app.desk.outbox.drain();
  }
  // The DM to them was given up on for good (the path that tells the managers).
  expect(
    await app.db.models.outbox.countDocuments({ to: LEAVER, kind: 'message', state: 'dead' }),
  ).toBeGreaterThanOrEqual(1);
  const told = app.fake
    .postsTo(ADMIN)
    .map((c) => String(c.args.text))
    .filter((s) => s.includes('no longer receives Slack messages'));
  expect(told).toHaveLength(1);
});

test('an owner’s task of a customer the leaver does not own: not moved, and not told to tick “Customers they own”', async () => {
  const { theirs } = await accountManagersWork();
  // The customer is OWNER's by now; the leaver still does its upgrade intent.
  await app.db.models.customers.updateOne({ code: theirs.code }, { $set: { ownerId: OWNER } });
  expect(
    (await handOver(MANAGER, { from: LEAVER, to: RECEIVER, what: 'tasks,customers' })).body,
  ).toBe('');
  await deliverAll();
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(LEAVER);
  expect(summaryOf()).toContain(
    `• Task *Upgrade intent: contact* · Leaver Works (${theirs.code}): An owner’s task of a customer they do not own: the daily planning gives it to the customer’s owner (or hand it over with Edit task).`,
  );
});

test('a ticket claimed or reassigned by someone else between the hand-over’s read and its write stays theirs, said not moved with who holds it', async () => {
  const [l1, l2] = await twoTickets();
  // The hand-over reads the leaver's ticket, then (before its Reassign is written) a manager
  // reassigns it to AGENT: the hand-over's write applies only while the leaver still holds it.
  const { byNumber, dm } = await ticketsHandedOverWhile(async (read) => {
    if (read[0]?.number === l1.number)
      await act(app, l1.number, { action: 'reassign', to: AGENT }, MANAGER);
  });
  expect(byNumber.get(l1.number)!.assigneeId).toBe(AGENT);
  expect(byNumber.get(l2.number)!.assigneeId).toBe(RECEIVER);
  expect(summaryOf()).toContain(
    `Claimed or reassigned by someone else since the hand-over read it (<@${AGENT}> holds it now). Left as it is.`,
  );
  expect(dm).toContain(l2.number);
  expect(dm).not.toContain(l1.number);
});

test('a ticket the hand-over cannot move is kept in its result only as its summary line names it (its number and link), not the whole ticket with its timeline', async () => {
  const [l1] = await twoTickets();
  const flows = app.desk.flows.handover;
  const run = flows.run.bind(flows);
  const results: (HandoverResult | undefined)[] = [];
  const kept = vi.spyOn(flows, 'run').mockImplementation(async (...args) => {
    const result = await run(...args);
    results.push(result);
    return result;
  });
  try {
    await ticketsHandedOverWhile(async (read) => {
      if (read[0]?.number === l1.number)
        await act(app, l1.number, { action: 'reassign', to: AGENT }, MANAGER);
    });
  } finally {
    kept.mockRestore();
  }
  const [refused] = results[0]!.refused;
  expect(refused!.ticket!.number).toBe(l1.number);
  expect(Object.keys(refused!.ticket!).sort()).toEqual(['card', 'number']);
  expect(Object.keys(refused!.ticket!.card!)).toEqual(['permalink']);
  expect(summaryOf()).toContain(`<${refused!.ticket!.card!.permalink}|${l1.number}>`);
});

test('a ticket put back in the queue between the hand-over’s read and its write stays there, said not moved', async () => {
  const [l1, l2] = await twoTickets();
  // Read by the hand-over, l1 is resolved, the leaver stops working tickets, and its reopen
  // puts it back in the queue (its holder no longer works tickets), before the Reassign.
  let released = false;
  const { byNumber, dm } = await ticketsHandedOverWhile(async (read) => {
    if (!released && read[0]?.number === l1.number) {
      released = true;
      await act(app, l1.number, { action: 'resolve', summary: 'Fixed' }, LEAVER);
      await app.setSettings(() => ({
        managers: [MANAGER],
        agents: [AGENT, RECEIVER],
        openDesk: false,
      }));
      await act(app, l1.number, { action: 'reopen' }, MANAGER);
    }
  });
  expect(released).toBe(true);
  expect(byNumber.get(l1.number)!).toMatchObject({ status: 'new' });
  expect(byNumber.get(l1.number)!.assigneeId).toBeUndefined();
  expect(byNumber.get(l2.number)!.assigneeId).toBe(RECEIVER);
  expect(summaryOf()).toContain(
    'Put back in the queue by someone else since the hand-over read it. Left as it is.',
  );
  expect(dm).toContain(l2.number);
  expect(dm).not.toContain(l1.number);
});

/**
 * The leaver's tickets handed over (all the form's parts, tickets ticked) with `meanwhile` run
 * after each read of the tickets by the hand-over, before its Reassigns are written; then the
 * outbox drained. The workspace's tickets by number, and the receiver's DMs' text.
 */
async function ticketsHandedOverWhile(meanwhile: (read: { number: string }[]) => Promise<void>) {
  const tickets = app.desk.services.tickets;
  const byIds = tickets.byIds.bind(tickets);
  const spy = vi.spyOn(tickets, 'byIds').mockImplementation(async (ctx, ids) => {
    const read = await byIds(ctx, ids);
    await meanwhile(read);
    return read;
  });
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    spy.mockRestore();
  }
  await deliverAll();
  const now = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
  const byNumber = new Map(now.map((t: any) => [t.number, t]));
  const dm = app.fake
    .postsTo(RECEIVER)
    .map((c) => String(c.args.text))
    .join('\n');
  return { byNumber, dm };
}

/** Two of the leaver's tickets, of a customer of no one's. */
async function twoTickets() {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT, RECEIVER, LEAVER] }));
  const other = await makeCustomer(app, { name: 'Huadong Machinery' });
  const tickets = [
    await makeTicket(app, { customerCode: other.code, title: 'Spindle error' }),
    await makeTicket(app, { customerCode: other.code, title: 'Billing export' }),
  ] as const;
  for (const t of tickets) await act(app, t.number, { action: 'reassign', to: LEAVER }, MANAGER);
  await deliverAll();
  app.fake.reset();
  return tickets;
}

/**
 * A hold on: the cut-short first run's held DM goes out, the receiver's second, naming `moved`
 * (what that run moved) and not `rerun` (what the re-run moved and told of).
 */
async function firstRunHeldDmOfAlone(moved: { number: string }, rerun: { number: string }) {
  app.clock.advance(HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(2);
  expect(received[1]).toContain(moved.number);
  expect(received[1]).not.toContain(rerun.number);
}

test('a hand-over cut short after its moves (the instance stopped): the receiver and the manager are still told, once, when the outbox job runs', async () => {
  const [a, b] = await twoTickets();
  // The instance stops after the moves, before it tells anyone.
  await handOverCutShort({ ...everything, what: 'tickets' });
  await deliverAll();
  expect(dmsTo(RECEIVER)).toEqual([]);
  expect(summaryOf()).toBeUndefined();
  // The held notices go out once their hold is over, drawn from what moved.
  app.clock.advance(HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  app.clock.advance(HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(
    `<@${MANAGER}> handed you the work of <@${LEAVER}>: 2 open tickets`,
  );
  expect(received[0]).toContain(a!.number);
  expect(received[0]).toContain(b!.number);
  // (Besides the internal-error reply to the fault injected here.)
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 2 open tickets, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`,
  ]);
});

test('a hand-over that ran to its end: its held notices never go out besides its own DM and summary', async () => {
  await twoTickets();
  expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect(dmsTo(RECEIVER)).toHaveLength(1);
  expect(cutShortLines()).toEqual([]);
  expect(summaryOf()).toContain('Hand-over');
});

test('a customer handed over, then given to another owner before its owner’s tasks moved: they stay with that owner, not handed back to the receiver', async () => {
  const { theirs } = await accountManagersWork();
  // The hand-over's instance is slow: it stops as it starts moving the customer's tasks, until
  // an admin's Edit customer (the receiver to OWNER) is saved and its tasks moved.
  const tasks = app.desk.services.tasks;
  const { reached: atHold, release, restore } = holdFirstCall(tasks, 'followOwner');
  try {
    const first = handOver(MANAGER, { from: LEAVER, to: OWNER2, what: 'customers' });
    await atHold;
    await app.slack.blockAction(
      { action_id: 'customer_edit_open', value: theirs.code, block_id: 'customer_actions' },
      { userId: ADMIN },
    );
    expect(lastModal().callback_id).toBe('customer_edit');
    expect(
      (await app.slack.submitView(lastModal(), { owner: OWNER }, { userId: ADMIN })).body,
    ).toBe('');
    expect(await assigneeOf({ kind: 'upgrade' })).toBe(OWNER);
    release();
    expect((await first).body).toBe('');
  } finally {
    restore();
  }
  await deliverAll();
  expect(await assigneeOf({ kind: 'upgrade' })).toBe(OWNER);
  // Not said to be the receiver's.
  const dm = app.fake
    .postsTo(OWNER2)
    .map((c) => String(c.args.text))
    .join('\n');
  expect(dm).not.toContain('Upgrade intent');
});

/**
 * The clock moved on by a third of the hand-over hold (and a second) `times` times, the
 * hand-overs' timer firing and the outbox delivering what is due each time.
 */
async function holdThirdsPass(times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    app.clock.advance(HANDOVER_HOLD_MS / 3 + 1_000);
    await app.tickHandovers();
    await app.desk.outbox.drain();
  }
}

/**
 * MANAGER's hand-over of the leaver's tickets, Slack slow on its first card update: `held`, that
 * call (arrived), and `pending`, the submission's answer still to come.
 */
async function handOverSlowOnCard() {
  const held = app.fake.holdNext('chat.update');
  const pending = handOver(MANAGER, { ...everything, what: 'tickets' });
  await held.arrived;
  return { held, pending };
}

test('a hand-over cut short, run again within its hold (still going when the first one’s hold ends): the receiver and the manager are told once of each ticket (the first run’s held notices name only what it moved)', async () => {
  const [a, b] = await twoTickets();
  // The first run moves a, not b (Slack failing its Reassign), then the instance stops.
  await handOverCutShort({ ...everything, what: 'tickets' }, (number) => number === b!.number);
  await deliverAll();
  expect(dmsTo(RECEIVER)).toEqual([]);
  // Run again at once: it moves b, and tells of it. Slow on b's card (Slack), it is still going
  // when the first run's hold ends (its timer firing, the outbox delivering meanwhile): the first
  // run's held notices wait for it, not drawn naming b.
  const { held, pending } = await handOverSlowOnCard();
  await holdThirdsPass(4);
  expect(dmsTo(RECEIVER)).toEqual([]);
  held.release();
  expect((await pending).body).toBe('');
  await deliverAll();
  expect(dmsTo(RECEIVER)).toHaveLength(1);
  expect(dmsTo(RECEIVER)[0]).toContain(b!.number);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 1 ticket, 0 tasks, 0 customers moved.`,
  );
  // The first run's held notices go out after its hold: of a alone.
  await firstRunHeldDmOfAlone(a!, b!);
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 1 open ticket, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`,
  ]);
});

test('a hand-over cut short, run again and cut short too before its end (neither trims the other’s held notices): the receiver and the manager are told once of each ticket', async () => {
  const [a, b] = await twoTickets();
  const stopped = stopAfterRun();
  // Each instance stops before its run trims other runs' held notices (at its end).
  const outbox = app.desk.services.outbox;
  const untrimmed = vi
    .spyOn(outbox, 'trimWaitingHandovers')
    .mockRejectedValue(new Error('instance stopping'));
  // The first run moves a, not b (Slack failing its Reassign); the second moves b.
  const failing = failReassign((number) => number === b!.number);
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
    failing.mockRestore();
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    failing.mockRestore();
    untrimmed.mockRestore();
    stopped.mockRestore();
  }
  for (let i = 0; i < 2; i++) {
    app.clock.advance(HANDOVER_HOLD_MS + 10_000);
    await app.desk.outbox.drain();
  }
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(2);
  for (const t of [a!, b!])
    expect(
      received.filter((dm) => dm.includes(t.number)),
      t.number,
    ).toHaveLength(1);
  const line = `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 1 open ticket, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`;
  expect(cutShortLines()).toEqual([line, line]);
});

test('a hand-over cut short, run again to its end whose trim of the first run’s held notices fails (the database, for a moment): those still do not name what the re-run moved, the receiver and the manager told once of each ticket', async () => {
  const [a, b] = await twoTickets();
  // The first run moves a, not b (Slack failing its Reassign), then the instance stops.
  await handOverCutShort({ ...everything, what: 'tickets' }, (number) => number === b!.number);
  // Run again within the first run's hold: it moves b and tells of it, but its trim of the first
  // run's held notices fails; its own DM and summary then take its held ones' place.
  const outbox = app.desk.services.outbox;
  const untrimmed = vi
    .spyOn(outbox, 'trimWaitingHandovers')
    .mockRejectedValueOnce(new Error('database down'));
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    untrimmed.mockRestore();
  }
  await deliverAll();
  expect(dmsTo(RECEIVER)).toHaveLength(1);
  expect(dmsTo(RECEIVER)[0]).toContain(b!.number);
  // The first run's held notices go out after its hold: of a alone.
  await firstRunHeldDmOfAlone(a!, b!);
  expect(cutShortLines()).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 1 open ticket, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`,
  ]);
});

test('two hand-overs at once, one moving the tickets after the other read them, the other cut short: its held notices no longer name them, the receiver and the manager told once of each, the manager still told that the other moved nothing itself', async () => {
  const [a, b] = await twoTickets();
  const flows = app.desk.flows.handover;
  const run = flows.run.bind(flows);
  // The first submission's instance stops after its moves, before it tells anyone.
  let runs = 0;
  const stopped = vi.spyOn(flows, 'run').mockImplementation(async (...args) => {
    const first = runs++ === 0;
    const result = await run(...args);
    if (first) throw new Error('instance stopped');
    return result;
  });
  // The first run has read a and b; its held notices, naming them, are slow to be written.
  const slow = holdFirstCall(app.desk.services.outbox, 'enqueueNew');
  try {
    const first = handOver(MANAGER, { ...everything, what: 'tickets' });
    await slow.reached;
    // Meanwhile a second run moves both and runs to its end (its trim finds no notice of the
    // first run's yet), telling the receiver and the manager.
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
    slow.release();
    expect((await first).body).toBe('');
  } finally {
    slow.restore();
    stopped.mockRestore();
  }
  await deliverAll();
  for (let i = 0; i < 2; i++) {
    app.clock.advance(HANDOVER_HOLD_MS + 10_000);
    await app.desk.outbox.drain();
  }
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(a!.number);
  expect(received[0]).toContain(b!.number);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  );
  // The first run's held notices name nothing it moved: the receiver's does not go out; the
  // manager still hears of that run, that it moved nothing itself.
  expect(cutShortLines()).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): it moved nothing itself. What it set out to move was taken up by another hand-over from <@${LEAVER}> to <@${RECEIVER}>, whose notices tell of it.`,
  ]);
});

test('a hand-over cut short that leaves a record a re-run cannot move: the manager is not told a re-run moves it', async () => {
  await twoTickets();
  // A task the leaver does and the receiver signs off: handed over, the receiver would sign off
  // their own task, which Edit task refuses (a re-run too).
  const { code } = await makeCustomer(app, { name: 'Leaver Works' });
  await app.desk.flows.tasks.createManual(await ctxOf(app, MANAGER), {
    customerCode: code,
    kind: 'visit',
    assigneeId: LEAVER,
    approverId: RECEIVER,
    dueDate: '2026-11-27',
    content: 'Check the invoice',
    submissionId: 'cut-short-refused',
  });
  await deliverAll();
  app.fake.reset();
  await handOverCutShort({ ...everything, what: 'tickets,tasks' });
  app.clock.advance(HANDOVER_HOLD_MS + 10_000);
  await app.desk.outbox.drain();
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 2 open tickets, 0 tasks and 0 customers moved. 1 record it set out to move is still <@${LEAVER}>’s: run \`/desk handover\` again to move it, or to see why it cannot be moved.`,
  ]);
});

test('a hand-over whose move stalls past the hold (Slack slow on a card): its held notices are pushed on meanwhile, not sent as cut short; its own DM and summary tell once', async () => {
  const [a, b] = await twoTickets();
  const { held, pending } = await handOverSlowOnCard();
  // Longer than the hold, its timer firing meanwhile; the outbox delivering what is due.
  await holdThirdsPass(4);
  expect(dmsTo(RECEIVER)).toEqual([]);
  expect(cutShortLines()).toEqual([]);
  held.release();
  expect((await pending).body).toBe('');
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(a!.number);
  expect(received[0]).toContain(b!.number);
  expect(cutShortLines()).toEqual([]);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  );
});

test('a re-run stuck on one call that never returns (the database, Slack): after a hold without progress its notices and the earlier cut-short run’s are no longer pushed on, they go out as a cut-short run’s would; going on after, it moves nothing more, and the move it was stuck on, landing after they went, is told by a DM and a line of their own', async () => {
  const [a, b] = await twoTickets();
  const c = await makeTicket(app, { customerCode: a!.customerCode, title: 'Label printer' });
  await act(app, c.number, { action: 'reassign', to: LEAVER }, MANAGER);
  // The first run moves a, not b and c (Slack failing their Reassigns), then the instance stops.
  await handOverCutShort({ ...everything, what: 'tickets' }, (number) => number !== a!.number);
  // Run again: its Reassign of b never returns while the instance lives.
  const stuck = holdFirstCall(app.desk.flows.tickets, 'act');
  try {
    const pending = handOver(MANAGER, { ...everything, what: 'tickets' });
    await stuck.reached;
    await holdThirdsPass(6);
    // The first run's DM of a; the re-run moved nothing: no DM of its own.
    const received = dmsTo(RECEIVER);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(a!.number);
    expect(received[0]).not.toContain(b!.number);
    expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toHaveLength(2);
    // Going on: the Reassign it was stuck on lands; c, which no notice would tell of, is left
    // for a re-run (as the manager's line says).
    stuck.release();
    expect((await pending).body).toBe('');
  } finally {
    stuck.restore();
  }
  const held = async (t: { number: string }) =>
    (await app.db.models.tickets.findOne({ number: t.number }).lean())!.assigneeId;
  expect(await held(b!)).toBe(RECEIVER);
  expect(await held(c)).toBe(LEAVER);
  await deliverAll();
  // b, now the receiver's, which no notice told of as moved: a DM of it alone, and the manager a
  // line that it moved after all; no summary (its held one told).
  const late = dmsTo(RECEIVER).slice(1);
  expect(late).toHaveLength(1);
  expect(late[0]).toContain(b!.number);
  expect(late[0]).not.toContain(a!.number);
  expect(late[0]).not.toContain(c.number);
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':information_source:'))).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s. <@${RECEIVER}> has now been told of it.`,
  ]);
  expect(summaryOf()).toBeUndefined();
  // Sent once: the outbox run again sends nothing more.
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect(dmsTo(RECEIVER)).toHaveLength(2);
});

test('a hand-over whose summary cannot be written (the database failing): the manager is told once, by the held one, which says it ran to its end', async () => {
  await twoTickets();
  const flows = app.desk.flows.handover;
  const failing = vi.spyOn(flows, 'summary').mockRejectedValue(new Error('database down'));
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    failing.mockRestore();
  }
  await deliverAll();
  app.clock.advance(HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect(summaryOf()).toBeUndefined();
  // Not "stopped before it was done": its receiver's DM says it went on to its end.
  expect(cutShortLines()).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> ran to its end, but its summary could not be saved: 2 open tickets, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`,
  ]);
  expect(dmsTo(RECEIVER)).toHaveLength(1);
});

test('a hand-over run to its end whose receiver’s DM and summary both cannot be written (the database failing): the held summary still says it ran to its end, the receiver is told by the held DM', async () => {
  const [a, b] = await twoTickets();
  const outbox = app.desk.services.outbox;
  const failing = vi.spyOn(outbox, 'settleWaiting').mockRejectedValue(new Error('database down'));
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    failing.mockRestore();
  }
  app.clock.advance(HANDOVER_HOLD_MS + 10_000);
  await app.desk.outbox.drain();
  expect(summaryOf()).toBeUndefined();
  expect(cutShortLines()).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> ran to its end, but its summary could not be saved: 2 open tickets, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s.`,
  ]);
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(a.number);
  expect(received[0]).toContain(b.number);
});

test('a hand-over whose summary check drops the held summary but loses the answer (a timeout), asked again: the manager still gets the summary, once', async () => {
  await twoTickets();
  const flows = app.desk.flows.handover;
  const owed = flows.summary.bind(flows);
  let calls = 0;
  const lost = vi.spyOn(flows, 'summary').mockImplementation(async (...args) => {
    const result = await owed(...args);
    if (++calls === 1) throw new Error('database timeout (the write landed)');
    return result;
  });
  try {
    expect((await handOver(MANAGER, { ...everything, what: 'tickets' })).body).toBe('');
  } finally {
    lost.mockRestore();
  }
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect(dmsTo(RECEIVER)).toHaveLength(1);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  );
  expect(cutShortLines()).toEqual([]);
});

test('a hand-over whose instance stops once its summary has taken the held one’s place, before it is sent: another instance’s outbox sends it, once', async () => {
  await twoTickets();
  // The instance stops right after the held summary is settled (the summary's write): held
  // there until the other instance has run.
  const outbox = app.desk.services.outbox;
  const settle = outbox.settleWaiting.bind(outbox);
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const spy = vi.spyOn(outbox, 'settleWaiting').mockImplementation(async (ctx, key, to) => {
    const settled = await settle(ctx, key, to);
    if (key.endsWith(':summary')) {
      reach();
      await gate;
    }
    return settled;
  });
  try {
    const pending = handOver(MANAGER, { ...everything, what: 'tickets' });
    await reached;
    app.clock.advance(10_000);
    await app.instance('b').outbox.drain();
    expect(summaryOf()).toBe(
      `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
    );
    release();
    expect((await pending).body).toBe('');
  } finally {
    release();
    spy.mockRestore();
  }
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect(
    managerDms()
      .map((c) => String(c.args.text))
      .filter((t) => t.startsWith('Hand-over')),
  ).toHaveLength(1);
  expect(cutShortLines()).toEqual([]);
  expect(app.fake.callsTo('response_url')).toEqual([]);
});

/**
 * A hand-over of the leaver's tickets whose receiver's DM (its delivery now, by the run) is held
 * by Slack until `held.release()`: the submission still pending.
 */
async function receiversDmHeld() {
  const worker = app.desk.outbox;
  const deliver = worker.deliver.bind(worker);
  let held!: ReturnType<typeof app.fake.holdNext>;
  const spy = vi.spyOn(worker, 'deliver').mockImplementation(async (teamId, keys, opts) => {
    // The receiver's DM (not the summary's key): its post held.
    if (!held && keys.some((k) => k.startsWith('handover:') && !k.endsWith(':summary')))
      held = app.fake.holdNext('chat.postMessage');
    return deliver(teamId, keys, opts);
  });
  try {
    const pending = handOver(MANAGER, { ...everything, what: 'tickets' });
    await vi.waitFor(() => expect(held).toBeDefined(), { timeout: 15_000 });
    await held.arrived;
    return { held, pending };
  } finally {
    spy.mockRestore();
  }
}

test('a hand-over run to its end whose receiver’s DM hangs (Slack) for two holds: its held notices do not go out as cut short, the manager gets its summary (not “could not be saved”), the receiver one DM', async () => {
  await twoTickets();
  const { held, pending } = await receiversDmHeld();
  await holdThirdsPass(7);
  // Never taken: Slack's call limit (SLACK_CALL_TIMEOUT_MS, 20 s) ends a post long before its
  // lease (LEASE_MS, 60 s) does; the outbox's next try sends it.
  held.release('request_timeout');
  expect((await pending).body).toBe('');
  await deliverAll();
  expect(cutShortLines()).toEqual([]);
  expect(app.fake.postsTo(RECEIVER).filter((c) => c.outcome === 'ok')).toHaveLength(1);
  expect(summaryOf()).toBe(
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  );
});

test('the same hand-over submitted twice (Slack delivering the view again): the second does nothing, the first tells of every ticket moved, once', async () => {
  const [a, b] = await twoTickets();
  await app.slack.command('/desk', 'handover', { userId: MANAGER });
  // Slack's id of the view opened: both deliveries carry it.
  const view = { ...lastOpened(), id: 'V0HANDOVER' };
  const form = { ...everything, what: 'tickets' };
  // The first delivery's run moves a, then waits before reading b again until the second
  // delivery (the same view) is done.
  const tickets = app.desk.services.tickets;
  const byIds = tickets.byIds.bind(tickets);
  let reached!: () => void;
  const atB = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let first = true;
  const spy = vi.spyOn(tickets, 'byIds').mockImplementation(async (ctx, ids, ...rest) => {
    if (first && ids.length === 1 && ids[0] === b!.id) {
      first = false;
      reached();
      await gate;
    }
    return byIds(ctx, ids, ...rest);
  });
  try {
    const one = app.slack.submitView(view, form, { userId: MANAGER });
    await atB;
    expect((await app.slack.submitView(view, form, { userId: MANAGER })).body).toBe('');
    release();
    expect((await one).body).toBe('');
  } finally {
    release();
    spy.mockRestore();
  }
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = dmsTo(RECEIVER);
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(a!.number);
  expect(received[0]).toContain(b!.number);
  expect(
    managerDms()
      .map((c) => String(c.args.text))
      .filter((t) => t.startsWith('Hand-over')),
  ).toEqual([
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  ]);
  expect(cutShortLines()).toEqual([]);
});

test('a hand-over reading on past its first tickets reads those numbered after the last it read, still the leaver’s', async () => {
  const [a, b] = await twoTickets();
  const ctx = await ctxOf(app, MANAGER);
  const tickets = app.desk.services.tickets;
  // Only what it names and moves them by (no timeline: a leaver may hold thousands).
  expect(await tickets.openOf(ctx, LEAVER, 5, a!.number)).toEqual([
    { id: b!.id, number: b!.number, card: { permalink: expect.any(String) } },
  ]);
  expect(await tickets.openOf(ctx, LEAVER, 5, b!.number)).toEqual([]);
  await act(app, b!.number, { action: 'reassign', to: RECEIVER }, MANAGER);
  expect(await tickets.openOf(ctx, LEAVER, 5, a!.number)).toEqual([]);
});

test('a hand-over cut short whose leaver holds more than it set out to move (given to them since): the manager is told to run it again for the rest', async () => {
  const [a] = await twoTickets();
  await handOverCutShort({ ...everything, what: 'tickets' });
  // Another ticket of the same customer is the leaver's since: the run never read it.
  const later = await makeTicket(app, { customerCode: a!.customerCode, title: 'Coolant leak' });
  await act(app, later.number, { action: 'reassign', to: LEAVER }, MANAGER);
  app.clock.advance(HANDOVER_HOLD_MS + 10_000);
  await app.desk.outbox.drain();
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':warning:'))).toEqual([
    `:warning: Your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> stopped before it was done (the desk was restarted or stopped): 2 open tickets, 0 tasks and 0 customers moved. Nothing it set out to move is still <@${LEAVER}>’s. <@${LEAVER}> also holds more than it set out to move (it had not read them yet): run \`/desk handover\` again for the rest.`,
  ]);
});

/**
 * The Reassign of ticket `number` stuck until `land()` (`reached` once a run is at it); others
 * as usual. `stuck`: the spy, to restore.
 */
function stickReassign(number: string) {
  const ticketFlows = app.desk.flows.tickets;
  const reassign = ticketFlows.act.bind(ticketFlows);
  let land!: () => void;
  const landed = new Promise<void>((resolve) => (land = resolve));
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const stuck = vi.spyOn(ticketFlows, 'act').mockImplementation(async (ctx, n, ...rest) => {
    if (n === number) {
      reach();
      await landed;
    }
    return reassign(ctx, n, ...rest);
  });
  return { stuck, reached, land };
}

/** The writes of a run's late notices fail (the database down) until the spy is restored. */
function failLateWrites() {
  const outbox = app.desk.services.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  return vi.spyOn(outbox, 'enqueue').mockImplementation(async (ctx, entries) => {
    if (entries.some((e) => e.key.endsWith(':late'))) throw new Error('database down');
    return enqueue(ctx, entries);
  });
}

/**
 * MANAGER's hand-over of the leaver's tickets, stuck (`stickReassign`, `reached`) for a whole
 * hold (its timer firing): `pending`, its submission's answer still to come.
 */
async function handOverStuckPastHold(reached: Promise<void>) {
  const pending = handOver(MANAGER, { ...everything, what: 'tickets' });
  await reached;
  for (let i = 0; i < 6; i++) {
    app.clock.advance(HANDOVER_HOLD_MS / 3 + 1_000);
    await app.tickHandovers();
  }
  return { pending };
}

/** The DMs Slack took for `user`, their text, in order. */
const tookDmsTo = (user: string) =>
  app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === user)
    .map((c) => String(c.args.text));

/**
 * Once a run stuck on b's Reassign has ended: all delivered, the hold over, b the receiver's;
 * the receiver's DMs' text, in order.
 */
async function afterStuckRun<T extends { number: string }>(a: T, b: T) {
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  expect((await app.db.models.tickets.findOne({ number: b.number }).lean())!.assigneeId).toBe(
    RECEIVER,
  );
  return { a, b, received: tookDmsTo(RECEIVER) };
}

/**
 * A run stuck on b's Reassign for a whole hold (taken for cut short): its held notices go out,
 * Slack holding a post (the receiver's DM, drawn naming a alone; `receiverRefused`, Slack refusing
 * that DM first, the manager's summary); b's Reassign then lands and the run ends while that post
 * is under way. The post answered as `answer` says (ok, or the error given).
 */
async function endWhileHeldPosted(opts: { answer?: string; receiverRefused?: string } = {}) {
  const [a, b] = await twoTickets();
  const { stuck, reached, land } = stickReassign(b!.number);
  try {
    const { pending } = await handOverStuckPastHold(reached);
    if (opts.receiverRefused) app.fake.failNext('chat.postMessage', opts.receiverRefused);
    const post = app.fake.holdNext('chat.postMessage');
    const draining = app.desk.outbox.drain();
    await post.arrived;
    land();
    expect((await pending).body).toBe('');
    post.release(opts.answer);
    await draining;
  } finally {
    stuck.mockRestore();
  }
  return afterStuckRun(a!, b!);
}

test('a run stuck past its hold whose stuck move lands while its receiver’s held DM (drawn naming a alone) is being posted: the receiver is told of that move by a DM of its own, once', async () => {
  const { a, b, received } = await endWhileHeldPosted();
  expect(received).toHaveLength(2);
  const held = received.find((text) => text.includes(a.number))!;
  const late = received.find((text) => text !== held)!;
  expect(held).not.toContain(b.number);
  expect(late).toContain(b.number);
  expect(late).not.toContain(a.number);
  // The manager's summary, its own (its held one not taken yet), tells of both.
  expect(dmsTo(MANAGER)).toEqual([
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  ]);
});

/** The receiver's DMs, in order: the run's late one, of b alone, then its held one, of a alone. */
function toldLateThenHeld(received: string[], a: { number: string }, b: { number: string }) {
  expect(received).toHaveLength(2);
  const [late, held] = received;
  expect(late).toContain(b.number);
  expect(late).not.toContain(a.number);
  expect(held).toContain(a.number);
  expect(held).not.toContain(b.number);
}

test('the same, its held DM’s post failing (Slack) and tried again: drawn again, it leaves out the move its run’s late DM told of, the receiver told once of each ticket', async () => {
  const { a, b, received } = await endWhileHeldPosted({ answer: 'internal_error' });
  toldLateThenHeld(received, a, b);
});

test('a run stuck past its hold whose stuck move lands while its manager’s held summary is being posted, its receiver’s held DM refused (Slack does not reach them): the manager’s line of that move does not say the receiver has been told', async () => {
  await endWhileHeldPosted({ receiverRefused: 'user_disabled' });
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':information_source:'))).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s.`,
  ]);
});

/**
 * The receiver's held DM, its first post failing (Slack, tried again), is drawn again after the
 * stuck move landed (naming a and b) before the run's end reads it; the manager's summary went
 * out before, naming a alone. `againRefused`: that second post is under way (Slack slow on it)
 * when the run's end reads the DM, and is then refused (the receiver's account deactivated
 * meanwhile): it dies for good. The receiver's DMs' text.
 */
async function drawnAgainAfterLanding(opts: { againRefused?: boolean } = {}) {
  const [a, b] = await twoTickets();
  const { stuck, reached, land } = stickReassign(b!.number);
  // The run's end held at its first step (endReached) until the outbox has tried the DM again.
  const endReached = HandoverNotifier.prototype.endReached;
  let atEnd!: () => void;
  const ended = new Promise<void>((resolve) => (atEnd = resolve));
  let go!: () => void;
  const gate = new Promise<void>((resolve) => (go = resolve));
  const held = vi
    .spyOn(HandoverNotifier.prototype, 'endReached')
    .mockImplementation(async function (this: HandoverNotifier, ...args) {
      atEnd();
      await gate;
      return endReached.apply(this, args);
    });
  try {
    const { pending } = await handOverStuckPastHold(reached);
    // The receiver's held DM (drawn naming a) fails, to be tried again; the summary (a) goes out.
    app.fake.failNext('chat.postMessage', 'internal_error');
    await app.desk.outbox.drain();
    land();
    await ended;
    // Tried again now: drawn again, b landed, it names a and b.
    app.clock.advance(10 * 60_000);
    if (opts.againRefused) {
      // Its post under way (Slack slow) when the run ends, then refused.
      const post = app.fake.holdNext('chat.postMessage');
      const draining = app.desk.outbox.drain();
      await post.arrived;
      go();
      expect((await pending).body).toBe('');
      post.release('user_disabled');
      await draining;
    } else {
      await app.desk.outbox.drain();
      go();
      expect((await pending).body).toBe('');
    }
  } finally {
    stuck.mockRestore();
    held.mockRestore();
  }
  await deliverAll();
  app.clock.advance(2 * HANDOVER_HOLD_MS);
  await app.desk.outbox.drain();
  const received = tookDmsTo(RECEIVER);
  return { a: a!, b: b!, received };
}

// The run's end has nothing more to tell the receiver, and the manager's line of b says the
// receiver has been told (their DM, sent, named b).
test('the receiver’s held DM drawn again after the stuck move landed names it: the manager’s line of that move says the receiver has been told', async () => {
  const { a, b, received } = await drawnAgainAfterLanding();
  // The receiver told of both, once.
  expect(received.filter((t) => t.includes(b.number))).toHaveLength(1);
  expect(received.filter((t) => t.includes(a.number))).toHaveLength(1);
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':information_source:'))).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s. <@${RECEIVER}> has now been told of it.`,
  ]);
});

// The same, the held DM naming b still being posted when the run's end reads it: not counted as
// told (not sent yet), and refused after (dead), the manager's line of b does not say the receiver
// has been told.
test('the receiver’s held DM drawn again naming the landed move, its post (after a failed one) not answered yet when the run ends, then refused for good: the manager’s line of that move does not say the receiver has been told', async () => {
  const { b, received } = await drawnAgainAfterLanding({ againRefused: true });
  expect(received.filter((t) => t.includes(b.number))).toEqual([]);
  const [held] = await app.db.models.outbox.find({ to: RECEIVER, key: /^handover:/ }).lean();
  expect(held!.state).toBe('dead');
  expect(dmsTo(MANAGER).filter((text) => text.startsWith(':information_source:'))).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s.`,
  ]);
});

/**
 * A run stuck on b's Reassign for a whole hold (taken for cut short): its receiver's held DM is
 * drawn (`failFirst`: its first post failing, Slack, and tried again) and, between that draw's
 * read of the records (naming a alone) and its write of what it tells of, b's Reassign lands and
 * the run ends (its `late` reading the held DM as that draw left it). The receiver's DMs' text.
 */
async function lateWithinDraw(opts: { failFirst?: boolean } = {}) {
  const [a, b] = await twoTickets();
  const { stuck, reached, land } = stickReassign(b!.number);
  try {
    const { pending } = await handOverStuckPastHold(reached);
    if (opts.failFirst) {
      // Drawn naming a, its post failing (tried again); the summary (a) goes out meanwhile.
      app.fake.failNext('chat.postMessage', 'internal_error');
      await app.desk.outbox.drain();
      app.clock.advance(10 * 60_000);
    }
    // The draw held between its read of the records and its write of what it tells of.
    const draw = holdFirstCall(HandoverNotifier.prototype, 'drawn');
    try {
      const draining = app.desk.outbox.drain();
      await draw.reached;
      land();
      expect((await pending).body).toBe('');
      draw.release();
      await draining;
    } finally {
      draw.restore();
    }
  } finally {
    stuck.mockRestore();
  }
  return afterStuckRun(a!, b!);
}

test('a run’s end landing between its receiver’s held DM’s first draw and that draw’s write: kept as telling nothing late, the draw draws again, the one DM names both tickets', async () => {
  const { a, b, received } = await lateWithinDraw();
  expect(received).toHaveLength(1);
  expect(received[0]).toContain(a.number);
  expect(received[0]).toContain(b.number);
  // The run's end found it not drawn yet (kept as telling nothing late); that draw, finding so on
  // its write, drew again (its second), the records as they were then.
  const held = (await app.db.models.outbox.findOne({ to: RECEIVER, key: /^handover:/ }).lean())!;
  expect(held.data).toMatchObject({
    draws: 2,
    toldLate: { ticketIds: [], taskIds: [], customerCodes: [] },
    toldMoved: { ticketIds: expect.arrayContaining([a.id, b.id]) },
  });
  expect(dmsTo(MANAGER)).toEqual([
    `Hand-over from <@${LEAVER}> to <@${RECEIVER}>: 2 tickets, 0 tasks, 0 customers moved.`,
  ]);
});

test('the same on a draw after a failed post: the run’s end tells the receiver of b by a DM of its own, the draw leaves b out, each ticket told once', async () => {
  const { a, b, received } = await lateWithinDraw({ failFirst: true });
  toldLateThenHeld(received, a, b);
});

test('a run stuck past its hold whose stuck move lands after its notices went out, the write of its late DM and line failing (the database): kept as owed with what it told late, the outbox job writes them, the receiver and the manager told once of the move', async () => {
  const [a, b] = await twoTickets();
  const { stuck, reached, land } = stickReassign(b!.number);
  // The late notices' write fails once (the database, for a moment).
  const failing = failLateWrites();
  try {
    const { pending } = await handOverStuckPastHold(reached);
    // Its held notices go out, naming a alone; then b's Reassign lands and the run ends.
    await app.desk.outbox.drain();
    land();
    expect((await pending).body).toBe('');
  } finally {
    stuck.mockRestore();
    failing.mockRestore();
  }
  await deliverAll();
  const toldOf = (t: { number: string }) => dmsTo(RECEIVER).filter((dm) => dm.includes(t.number));
  expect(toldOf(a!)).toHaveLength(1);
  expect(toldOf(b!)).toEqual([]);
  // The outbox job's repair, two minutes on: the receiver's DM of b and the manager's line.
  const at = new Date(app.clock.now().getTime() + 3 * 60_000).toISOString();
  const [run] = await runJobAt(app, outboxJob, at);
  expect(run!.counts).toMatchObject({ handoverLateTold: 2 });
  const late = dmsTo(RECEIVER);
  expect(late).toHaveLength(1);
  expect(late[0]).toContain(b!.number);
  expect(late[0]).not.toContain(a!.number);
  expect(dmsTo(MANAGER)).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s. <@${RECEIVER}> has now been told of it.`,
  ]);
  // Written once: the job run again writes nothing more.
  const [again] = await runJobAt(app, outboxJob, new Date(Date.parse(at) + 60_000).toISOString());
  expect(again!.counts).not.toHaveProperty('handoverLateTold');
  expect(dmsTo(RECEIVER)).toEqual([]);
});

test('a run stuck past its hold that ends while its receiver’s held DM (drawn naming a, its post failed) awaits its retry, due by then, the write of its late DM and line failing: that DM, taken already, is left to its retry (not replaced by the run’s own), and the late notices kept as owed at the clock’s time of their write (not the request’s) wait their two minutes from then', async () => {
  const [a, b] = await twoTickets();
  const { stuck, reached, land } = stickReassign(b!.number);
  const failing = failLateWrites();
  let endedAt: Date;
  try {
    const { pending } = await handOverStuckPastHold(reached);
    // The receiver's held DM (drawn naming a) fails, to be tried again; the summary (a) goes out.
    app.fake.failNext('chat.postMessage', 'internal_error');
    await app.desk.outbox.drain();
    // Its next try is due when b's Reassign lands and the run ends: drawn once, it is left to
    // that try, the run's own DM not taking its place.
    app.clock.advance(2 * 60_000);
    endedAt = app.clock.now();
    land();
    expect((await pending).body).toBe('');
  } finally {
    stuck.mockRestore();
    failing.mockRestore();
  }
  const entries = await app.db.models.outbox.find({ key: /^handover:/ }).lean();
  const owedAt = entries.filter((e) => e.lateOwedAt).map((e) => e.lateOwedAt);
  expect(owedAt).toEqual([endedAt, endedAt]);
  // A minute on: still left to the run (the repair waits two minutes from the late write).
  const at = (ms: number) => new Date(endedAt.getTime() + ms).toISOString();
  // Its retry sent by the run's end: the held DM drawn again, leaving out b (its late DM's).
  const held = tookDmsTo(RECEIVER);
  expect(held).toHaveLength(1);
  expect(held[0]).toContain(a!.number);
  expect(held[0]).not.toContain(b!.number);
  const [early] = await runJobAt(app, outboxJob, at(60_000));
  expect(early!.counts).not.toHaveProperty('handoverLateTold');
  const [run] = await runJobAt(app, outboxJob, at(3 * 60_000));
  expect(run!.counts).toMatchObject({ handoverLateTold: 2 });
  const late = tookDmsTo(RECEIVER);
  expect(late).toHaveLength(1);
  expect(late[0]).toContain(b!.number);
  expect(late[0]).not.toContain(a!.number);
  expect(dmsTo(MANAGER)).toEqual([
    `:information_source: After the notices of your hand-over of <@${LEAVER}>’s work to <@${RECEIVER}> went out, 1 open ticket also moved to <@${RECEIVER}>: it is no longer <@${LEAVER}>’s. <@${RECEIVER}> has now been told of it.`,
  ]);
});

test('a guest is refused as To on the modal; a run that Slack told the receiver is a guest moves no task to them, the task service refusing it as Edit task does', async () => {
  const GUEST = FAKE_GUEST_USER_ID;
  await app.setSettings(() => ({ managers: [MANAGER] }));
  const { code } = await makeCustomer(app, { name: 'Guest Co' });
  await planTask(code, LEAVER);
  const refused = await handOver(MANAGER, { from: LEAVER, to: GUEST, what: 'tasks' });
  expect(refused.body).toMatchObject({
    response_action: 'errors',
    errors: { to: expect.stringContaining('is a guest') },
  });
  // The flow's own path (the service asks what Slack said again as each task moves).
  const ctx = await ctxOf(app, MANAGER);
  const flows = app.desk.flows.handover;
  const found = await flows.find(ctx, LEAVER, ['tasks']);
  expect(found.tasks).toHaveLength(1);
  const result = await flows.run(ctx, { from: LEAVER, to: GUEST, parts: ['tasks'] }, found, {
    key: 'guest-run',
    unfit: [{ userId: GUEST, name: 'Wang Fang', reason: 'guest' }],
  });
  expect(result!.tasks).toEqual([]);
  expect(result!.refused.map((r) => r.why.key)).toEqual(['task.error.unfit']);
  const kept = await app.db.models.tasks.findById(found.tasks[0]!.id).lean();
  expect(kept!.assigneeId).toBe(LEAVER);
});
