// A renamed customer's copies of its name (its open tasks, its channel links) through the real
// Bolt stack: renamed in the Edit customer modal, then /desk channel, the channel's intake and
// /task mine say the new name; a copy whose write failed after the rename was saved is written
// by the outbox job's repair two minutes on; a late write of an earlier rename changes nothing.
// A customer handed to another owner: its open tickets' account manager follows the same way.
import { describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { TaskRepository } from '../../src/task/repository.js';
import { ChannelLinkRepository } from '../../src/channel/repository.js';
import { TicketRepository } from '../../src/ticket/repository.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { holdFirstCall } from '../helpers/hold.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { scanStrings } from '../helpers/db.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import {
  cardRedrawnOnceNaming,
  complaintWithCard,
  homesDrawnOnce,
  repairDrawsNothing,
} from '../helpers/setups-10-owners.js';
import { messageEvent } from '../helpers/slack-requests.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const CUST = 'C0CUSTCH01';
const CUSTOMER_USER = 'U0CUSTUSR1';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

type View = { blocks: any[] } & Record<string, any>;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
let events = 0;

/** Huadong Machinery, its channel linked, and a visit planned for AGENT. */
async function setUp() {
  const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
  await app.setSettings(() => ({ agents: [AGENT] }));
  const linked = await app.slack.command('/desk', `channel link ${code}`, {
    userId: ADMIN,
    channelId: CUST,
  });
  expect(linked.body.text).toContain('is now the customer channel of *Huadong Machinery*');
  await taskNew(code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return { code, id };
}

/** `run` with the next `updateMany` of `model` failing (the write of the copies), restored after. */
async function failingOnce<T extends { updateMany: unknown }>(
  model: T,
  run: () => Promise<unknown>,
) {
  const restore = failCalls(model, 'updateMany');
  try {
    await run();
  } finally {
    restore();
  }
}

/** The owner renames the customer in the Edit customer modal (the card's Edit button). */
async function rename(code: string, name: string) {
  await edit(code, { name });
}

const channelShown = async () =>
  String(
    (await app.slack.command('/desk', 'channel', { userId: ADMIN, channelId: CUST })).body.text,
  );

async function taskMine() {
  app.fake.reset();
  await app.slack.command('/task', 'mine', { userId: AGENT });
  return JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
}

const owed = async (id: string) =>
  (await app.db.models.customers.findById(id).lean<{ namesOwed?: unknown }>())!.namesOwed;

describe('a renamed customer', () => {
  test('renamed in Edit customer: /desk channel, the shortcut, a wordless message’s ticket and /task mine say the new name', async () => {
    const { code, id } = await setUp();
    await rename(code, 'Huadong Precision');

    // The channel's link: /desk channel and unlink's answer's name.
    expect(await channelShown()).toContain(
      `<#${CUST}> is the customer channel of *Huadong Precision* (\`${code}\`)`,
    );
    expect(
      (await app.db.models.channelLinks.findOne({ channelId: CUST }).lean())!.customerName,
    ).toBe('Huadong Precision');
    // Create ticket on a message there proposes the customer by its new name.
    await app.slack.messageShortcut(
      'ticket_from_message',
      { text: 'The invoice is wrong', ts: '1764000000.001000', user: CUSTOMER_USER },
      { userId: AGENT, channelId: CUST },
    );
    const customer = lastOpened().blocks.find((b: any) => b.block_id === 'customer');
    expect(customer.element.initial_option).toMatchObject({ value: code });
    expect(JSON.stringify(customer.element.initial_option.text)).toContain('Huadong Precision');
    // A customer's message without words (a file) opens a ticket titled with the new name.
    await app.slack.eventDelivery(
      {
        ...messageEvent(CUST, CUSTOMER_USER, '', '1764000000.002000'),
        subtype: 'file_share',
      },
      { eventId: 'Ev0RENAME00001' },
    );
    const ticket = await app.db.models.tickets
      .findOne({ teamId: FAKE_TEAM_ID, submissionId: `msg:${CUST}:1764000000.002000` })
      .lean();
    expect(ticket).toMatchObject({ title: 'Huadong Precision', customerName: 'Huadong Precision' });

    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · Huadong Precision (${code})`);
    expect(mine).not.toContain('Huadong Machinery');
    // Written in the rename's wake: nothing owed for the repair.
    expect(await owed(id)).toBeUndefined();
  });

  test('the copies’ writes failing after the rename was saved: the save stands, and the outbox job writes them two minutes on', async () => {
    const { code, id } = await setUp();
    // The database fails for the tasks' and the links' writes right after the rename's.
    const restoreTasks = failCalls(app.db.models.tasks, 'updateMany');
    const restoreLinks = failCalls(app.db.models.channelLinks, 'updateMany');
    try {
      await rename(code, 'Huadong Precision');
    } finally {
      restoreTasks();
      restoreLinks();
    }
    const file = (await app.db.models.customers.findById(id).lean())!;
    expect(file.name).toBe('Huadong Precision');
    expect(file.namesOwed).toEqual({
      revision: file.revision,
      at: new Date('2026-11-24T02:00:10Z'),
      mark: expect.any(String),
      nextAt: new Date('2026-11-24T02:02:10Z'),
    });
    expect(await channelShown()).toContain('*Huadong Machinery*');
    expect(await taskMine()).toContain('Huadong Machinery');

    // A minute on, the rename's own writes may still be under way: left to them.
    let [run] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
    expect(run!.counts).not.toHaveProperty('copiesRepaired');
    expect(await owed(id)).toBeDefined();
    // Two minutes on, the repair writes them, once.
    [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
    expect(await owed(id)).toBeUndefined();
    expect(await channelShown()).toContain(
      `<#${CUST}> is the customer channel of *Huadong Precision* (\`${code}\`)`,
    );
    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · Huadong Precision (${code})`);
    expect(mine).not.toContain('Huadong Machinery');
    [run] = await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
    expect(run!.counts).not.toHaveProperty('copiesRepaired');
  });

  test('a mark an older instance wrote (no next try) is given one two minutes on, and the repair reads only marks due by their next try', async () => {
    const { code, id } = await setUp();
    await failingOnce(app.db.models.tasks, () => rename(code, 'Huadong Precision'));
    // As an instance from before next tries writes its mark: revision and time only.
    await app.db.models.customers.updateOne(
      { _id: id },
      { $unset: { 'namesOwed.nextAt': 1, 'namesOwed.mark': 1 } },
    );
    const finds: unknown[][] = [];
    const model = app.db.models.customers;
    const find = model.find;
    (model as any).find = function (this: unknown, ...args: any[]) {
      const query = (find as any).apply(this, args);
      if (JSON.stringify(args[0] ?? {}).includes('namesOwed')) {
        const sort = query.sort.bind(query);
        query.sort = (order: unknown) => {
          finds.push([args[0], order]);
          return sort(order);
        };
      }
      return query;
    };
    try {
      // A minute on: left to the rename; no next try given yet.
      let [run] = await runJobAt(app, outboxJob, '2026-11-24T02:01:00Z');
      expect(run!.counts).not.toHaveProperty('copiesRepaired');
      expect(await owed(id)).not.toHaveProperty('nextAt');
      // Two minutes on: given one (due), and the repair's one read finds it by it.
      [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
      expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
    } finally {
      (model as any).find = find;
    }
    expect(await owed(id)).toBeUndefined();
    expect(await taskMine()).toContain(`*Visit* · Huadong Precision (${code})`);
    // One index (namesOwed.nextAt) serves the read and its order: no branch on another field.
    expect(finds.length).toBe(2);
    for (const [filter, order] of finds) {
      expect(Object.keys(filter as object)).toEqual(['namesOwed.nextAt']);
      expect(order).toEqual({ 'namesOwed.nextAt': 1 });
    }
  });

  test('a repair that fails again is tried the next minute; a late write of an earlier rename never brings its name back', async () => {
    const { code, id } = await setUp();
    await failingOnce(app.db.models.tasks, () => rename(code, 'Huadong Precision'));
    const first = (await app.db.models.customers.findById(id).lean())!.revision;
    // The repair fails too (the database again): still owed, tried the next minute.
    const again = failCalls(app.db.models.tasks, 'updateMany');
    try {
      const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
      expect(run!.counts).not.toHaveProperty('copiesRepaired');
    } finally {
      again();
    }
    expect(await owed(id)).toBeDefined();

    // Renamed again meanwhile (its copies written at once): the repair writes that name.
    app.clock.set('2026-11-24T02:03:30Z');
    await rename(code, 'Huadong Robotics');
    expect(await owed(id)).toBeUndefined();
    expect(await taskMine()).toContain('Huadong Robotics');

    // An instance still writing the first rename's copies, late: changes nothing.
    const tasks = new TaskRepository(app.db.models.tasks);
    const links = new ChannelLinkRepository(app.db.models.channelLinks);
    expect(await tasks.renameCustomer(FAKE_TEAM_ID, id, 'Huadong Precision', first)).toBe(0);
    expect(await links.renameCustomer(FAKE_TEAM_ID, id, 'Huadong Precision', first)).toBe(0);
    expect(await taskMine()).toContain(`*Visit* · Huadong Robotics (${code})`);
    expect(await channelShown()).toContain('*Huadong Robotics*');
    // Another team's customer of the same id is not touched by a workspace's write.
    expect(
      await tasks.renameCustomer('T0OTHERTEAM', id, 'Elsewhere', Number.MAX_SAFE_INTEGER),
    ).toBe(0);
  });
});

describe('a renamed customer whose copies keep failing', () => {
  test('its repair is tried again 1, 2 … minutes on, not every run, and leaves the run to customers due', async () => {
    const { code, id } = await setUp();
    const other = await makeCustomer(app, { name: 'Lianhua Foods' });
    // The tasks' writes for Huadong fail from its rename on, until put back.
    let tries = 0;
    const restore = failCalls(app.db.models.tasks, 'updateMany', {
      times: Infinity,
      when: (filter: any) => filter?.customerId === id && ++tries > 0,
    });
    try {
      await rename(code, 'Huadong Precision');
      // Lianhua, renamed after it, its copies failing once.
      app.clock.set('2026-11-24T02:00:20Z');
      const once = failCalls(app.db.models.tasks, 'updateMany');
      try {
        await renameNow(other.code, 'Lianhua Fresh');
      } finally {
        once();
      }
      // One a run: Huadong, owed first, fails; it waits a minute, so the next run takes Lianhua.
      const quiet = { warn: () => {}, info: () => {} };
      const repair = (iso: string) =>
        app.desk.services.customers.repairNameCopies(new Date(iso), quiet, 1);
      expect(await repair('2026-11-24T02:03:00Z')).toEqual({ repaired: 0, moved: [] });
      expect(await owed(id)).toMatchObject({
        attempts: 1,
        nextAt: new Date('2026-11-24T02:04:00Z'),
      });
      expect(await repair('2026-11-24T02:03:30Z')).toEqual({ repaired: 1, moved: [] });
      expect(await owed(other.id)).toBeUndefined();
      expect(tries).toBe(2); // its rename's, the repair's first
      // The outbox job: due at 02:04, failing again, then two minutes on.
      let [run] = await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
      expect(tries).toBe(3);
      expect(await owed(id)).toMatchObject({
        attempts: 2,
        nextAt: new Date('2026-11-24T02:06:00Z'),
      });
      [run] = await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
      expect(tries).toBe(3);
      expect(run!.counts).not.toHaveProperty('copiesRepaired');
    } finally {
      restore();
    }
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:06:00Z');
    expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
    expect(await owed(id)).toBeUndefined();
    expect(await taskMine()).toContain(`*Visit* · Huadong Precision (${code})`);
  });
});

/** The revision the customer's file has now (the one a rename's copies are written with). */
const revisionOf = async (id: string) =>
  (await app.db.models.customers.findById(id).lean())!.revision;

/** Plans a visit for AGENT in /task new (the real modal). */
async function taskNew(code: string) {
  await app.slack.command('/task', 'new', { userId: OWNER });
  const res = await app.slack.submitView(
    { ...lastOpened(), id: `V0RENAME${++events}` },
    { customer: code, kind: 'visit', executor: AGENT, due: '2026-11-27', content: 'Visit them' },
    { userId: OWNER },
  );
  expect(res.body).toBe('');
}

/**
 * Runs `during` once, right before the next call of `model[method]` that `when` picks goes to
 * the database (a rename landing between a read and its write). Returns the restore.
 */
function before<M extends object>(
  model: M,
  method: keyof M,
  during: () => Promise<unknown>,
  when: (...args: any[]) => boolean = () => true,
): () => void {
  const original = model[method] as (...args: any[]) => any;
  let once = true;
  (model as any)[method] = function (this: unknown, ...args: any[]) {
    if (!once || !when(...args)) return original.apply(this, args);
    once = false;
    const query = original.apply(this, args);
    const exec = query.exec.bind(query);
    query.exec = async (...execArgs: any[]) => {
      await during();
      return exec(...execArgs);
    };
    return query;
  };
  return () => {
    (model as any)[method] = original;
  };
}

const renameNow = async (code: string, name: string) =>
  app.desk.services.customers.update(await ctxOf(app, OWNER), code, { name } as any);

const OWNER2 = 'U0OWNER002';
const OWNER3 = 'U0OWNER003';

/** The owner (or `userId`) changes fields of the customer in the Edit customer modal (its card's Edit). */
async function edit(code: string, values: Record<string, string>, userId = OWNER) {
  await app.slack.blockAction(
    { action_id: 'customer_edit_open', value: code, block_id: 'customer_actions' },
    { userId },
  );
  const view = app.fake.calls
    .filter((c) => ['views.open', 'views.update'].includes(c.method))
    .at(-1)!.args.view as View;
  expect(view.callback_id).toBe('customer_edit');
  const res = await app.slack.submitView(view, values, { userId });
  expect(res.body).toBe('');
}

/** What `userId` reads of a ticket in `/ticket T…` (its Open). */
async function opened(number: string, userId: string) {
  app.fake.reset();
  await app.slack.command('/ticket', number, { userId });
  return JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args);
}

const stored = async (number: string) =>
  (await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number }).lean())!;

describe('a customer handed to another owner', () => {
  test('in Edit customer: its open tickets name the new account manager (the unassigned one’s breach DM, the owner’s rights); a resolved one keeps the one it had', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const open = await makeTicket(app, {
      customerCode: code,
      severity: 'urgent',
      description: 'call me 13812345678',
    });
    const done = await makeTicket(app, { customerCode: code });
    await act(app, done.number, { action: 'claim' }, AGENT);
    await act(app, done.number, { action: 'resolve', summary: 'fixed' }, AGENT);
    expect(await opened(open.number, OWNER)).toContain('13812345678');

    app.fake.reset();
    await edit(code, { owner: OWNER2 });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    // Both Homes drawn again: the ticket nobody holds moved from one's list to the other's.
    const homes = app.fake.callsTo('views.publish').map((c) => c.args.user_id);
    expect(homes).toEqual(expect.arrayContaining([OWNER, OWNER2]));
    expect(await stored(open.number)).toMatchObject({ accountManagerId: OWNER2 });
    expect(await stored(done.number)).toMatchObject({ accountManagerId: OWNER });
    // The old owner no longer holds the owner's rights on it: the phone is masked for them.
    const read = await opened(open.number, OWNER);
    expect(read).not.toContain('13812345678');
    expect(read).toContain('138****5678');
    expect(await opened(open.number, OWNER2)).toContain('13812345678');

    // 13:30 Shanghai, nobody took it: its first response is late, its account manager told.
    app.fake.reset();
    await runJobAt(app, slaAlertsJob, '2026-11-24T05:30:00Z');
    const dmsTo = (user: string) =>
      app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === user);
    expect(dmsTo(OWNER2).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(open.number),
    ]);
    expect(dmsTo(OWNER)).toEqual([]);
  });

  test('its open tickets’ write failing after the save: the outbox job writes the new account manager two minutes on; a late write of an earlier owner changes nothing', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const open = await makeTicket(app, { customerCode: code });
    await failingOnce(app.db.models.tickets, () => edit(code, { owner: OWNER2 }));
    const first = await revisionOf(id);
    expect(await stored(open.number)).toMatchObject({ accountManagerId: OWNER });
    expect(await owed(id)).toMatchObject({ revision: first });
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
    expect(await owed(id)).toBeUndefined();
    expect(await stored(open.number)).toMatchObject({
      accountManagerId: OWNER2,
      accountManagerRevision: first,
    });
    // A ticket opened since names the owner it was opened with; an earlier change written late
    // (an instance still writing it) brings no old owner back.
    const later = await makeTicket(app, { customerCode: code });
    const tickets = new TicketRepository(app.db.models.tickets);
    expect(await tickets.reassignCustomer(FAKE_TEAM_ID, id, OWNER, first - 1)).toBe(0);
    expect(await stored(later.number)).toMatchObject({ accountManagerId: OWNER2 });
    expect(await tickets.reassignCustomer('T0OTHERTEAM', id, OWNER, first + 1)).toBe(0);
  });

  test('owner A to B (its tickets’ write failing), then back to A: a late copy of the A-to-B change brings no B back', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const open = await makeTicket(app, { customerCode: code });
    await failingOnce(app.db.models.tickets, () => edit(code, { owner: OWNER2 }));
    const first = await revisionOf(id);
    // Handed back (by an admin: the first owner may no longer edit it).
    await app.desk.services.customers.update(await ctxOf(app, ADMIN), code, {
      ownerId: OWNER,
    } as any);
    expect(await revisionOf(id)).toBeGreaterThan(first);
    // The ticket was on OWNER all along; the change back raised its revision all the same.
    expect(await stored(open.number)).toMatchObject({
      accountManagerId: OWNER,
      accountManagerRevision: await revisionOf(id),
    });
    const tickets = new TicketRepository(app.db.models.tickets);
    expect(await tickets.reassignCustomer(FAKE_TEAM_ID, id, OWNER2, first)).toBe(0);
    expect(await stored(open.number)).toMatchObject({ accountManagerId: OWNER });
  });

  test('a ticket resolved while the customer changed hands, reopened: it names the new account manager', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const t = await makeTicket(app, { customerCode: code });
    await act(app, t.number, { action: 'claim' }, AGENT);
    await act(app, t.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
    await edit(code, { owner: OWNER2 });
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(await stored(t.number)).toMatchObject({ accountManagerId: OWNER });
    await act(app, t.number, { action: 'reopen' }, AGENT);
    expect(await stored(t.number)).toMatchObject({
      status: 'assigned',
      assigneeId: AGENT,
      accountManagerId: OWNER2,
    });
  });

  test('a ticket opened as the customer changes hands (the change’s copy ran before it was in): it names the new account manager', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    const tickets = app.db.models.tickets as unknown as { create: (...a: any[]) => unknown };
    const create = tickets.create;
    tickets.create = async function (this: unknown, ...args: any[]) {
      tickets.create = create;
      await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
        ownerId: OWNER2,
      } as any);
      return create.apply(this, args);
    };
    try {
      const opened = await makeTicket(app, { customerCode: code });
      expect(opened).toMatchObject({ accountManagerId: OWNER2 });
    } finally {
      tickets.create = create;
    }
    const ticket = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, customerId: id });
    expect(ticket).toMatchObject({
      accountManagerId: OWNER2,
      accountManagerRevision: await revisionOf(id),
    });
  });

  test('its open tickets’ write failing at the save: the outbox job’s repair draws the complaint’s card and both owners’ Homes again, once', async () => {
    const { code, complaint, ts } = await complaintWithCard(app);
    await failingOnce(app.db.models.tickets, () => edit(code, { owner: OWNER2 }));
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    // What the save drew shows the ticket not moved yet.
    expect(await stored(complaint.number)).toMatchObject({ accountManagerId: OWNER });
    const publishedTo = (user: string) =>
      app.fake.callsTo('views.publish').filter((c) => c.args.user_id === user);
    const listed = 'tickets nobody holds* (1)';
    expect(JSON.stringify(publishedTo(OWNER).at(-1)!.args.view)).toContain(listed);
    expect(JSON.stringify(publishedTo(OWNER2).at(-1)!.args.view)).not.toContain(listed);

    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(await stored(complaint.number)).toMatchObject({ accountManagerId: OWNER2 });
    // The card names the new owner as who contacts the customer, drawn once.
    cardRedrawnOnceNaming(app, ts, OWNER2, OWNER);
    // Both Homes once: the ticket nobody holds moved from the old owner's list to the new one's.
    homesDrawnOnce(app, [OWNER, OWNER2]);
    expect(JSON.stringify(publishedTo(OWNER2)[0]!.args.view)).toContain(listed);
    expect(JSON.stringify(publishedTo(OWNER)[0]!.args.view)).not.toContain(listed);

    // Repaired: the next runs draw nothing again.
    await repairDrawsNothing(app, '2026-11-24T02:04:00Z');
  });

  test('the outbox job’s repair of a change of owner logs what it wrote (the open tickets moved), not a rename, and the customer by its code, not its name', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Wang Fang' });
    const open = await makeTicket(app, { customerCode: code });
    const once = failCalls(app.db.models.tickets, 'updateMany');
    try {
      await app.desk.services.customers.update(await ctxOf(app, OWNER), code, {
        ownerId: OWNER2,
      } as any);
    } finally {
      once();
    }
    expect(await stored(open.number)).toMatchObject({ accountManagerId: OWNER });
    const said: string[] = [];
    const fields: unknown[] = [];
    const log = {
      warn: () => {},
      info: (o: unknown, msg: string) => void (said.push(msg), fields.push(o)),
    };
    const later = new Date(app.clock.now().getTime() + 5 * 60_000);
    expect(await app.desk.services.customers.repairNameCopies(later, log as any)).toEqual({
      repaired: 1,
      moved: [{ teamId: FAKE_TEAM_ID, customerId: id, ownerId: OWNER2, from: [OWNER] }],
    });
    expect(await stored(open.number)).toMatchObject({ accountManagerId: OWNER2 });
    expect(said).toEqual([
      'customer copies repaired: 0 copies of its name (open tasks, channel links), 1 open tickets moved to its owner',
    ]);
    // A customer's name is personal data an erasure takes out: the line keeps its code.
    expect(fields).toEqual([expect.objectContaining({ code })]);
    expect(JSON.stringify(fields)).not.toContain('Wang Fang');
  });

  test('a complaint still to be contacted: its card names the new owner as who contacts the customer, redrawn after the save, and its contact task is theirs at once (Edit customer, /desk handover)', async () => {
    const { code, complaint, ts } = await complaintWithCard(app);
    const contactTask = () =>
      app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact' }).lean();
    expect(await contactTask()).toMatchObject({ assigneeId: OWNER });
    const before = app.fake.calls.length;

    await edit(code, { owner: OWNER2 });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const redrawn = app.fake.updatesOf(ts, before);
    expect(redrawn.length).toBeGreaterThan(0);
    expect(JSON.stringify(redrawn.at(-1)!.args)).toContain(`<@${OWNER2}> ·`);
    expect(JSON.stringify(redrawn.at(-1)!.args)).not.toContain(`<@${OWNER}> ·`);
    // The contact task goes with the card, not at the next morning's planning: /task mine, the
    // reminders and the Home are the new owner's.
    expect(await contactTask()).toMatchObject({ assigneeId: OWNER2 });
    const home = app.fake.calls
      .slice(before)
      .filter((c) => c.method === 'views.publish' && c.args.user_id === OWNER2);
    // Listed under their customers' unheld tickets (the number alone is in the Home's help too).
    const drawn = JSON.stringify(home.at(-1)!.args.view);
    expect(drawn).toContain("*Your customers' tickets nobody holds* (1)");
    expect(drawn).toContain(`|${complaint.number}>* `);

    // Handed back by /desk handover: the card follows again.
    const back = app.fake.calls.length;
    await app.slack.command('/desk', 'handover', { userId: ADMIN });
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as View;
    expect(view.callback_id).toBe('desk_handover');
    const res = await app.slack.submitView(
      view,
      { from: OWNER2, to: OWNER, what: 'customers' },
      { userId: ADMIN },
    );
    expect(res.body).toBe('');
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const again = app.fake.updatesOf(ts, back);
    expect(again.length).toBeGreaterThan(0);
    expect(JSON.stringify(again.at(-1)!.args)).toContain(`<@${OWNER}> ·`);
    expect(await contactTask()).toMatchObject({ assigneeId: OWNER });
  });
  test('two changes of owner close together (A to B, then B to C), the first’s tasks moving last: the contact task is C’s, not handed back to B', async () => {
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await makeTicket(app, { customerCode: code, type: 'complaint', complaintUrgency: 'general' });
    const contactTask = () =>
      app.db.models.tasks.findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact' }).lean();
    expect(await contactTask()).toMatchObject({ assigneeId: OWNER });
    // The first change's instance is slow: it stops as it starts moving the tasks, until an
    // admin's second change (B to C) is saved and its tasks moved.
    const tasks = app.desk.services.tasks;
    const { reached: atHold, release, restore } = holdFirstCall(tasks, 'followOwner');
    try {
      const first = edit(code, { owner: OWNER2 });
      await atHold;
      await edit(code, { owner: OWNER3 }, ADMIN);
      expect(await contactTask()).toMatchObject({ assigneeId: OWNER3 });
      release();
      await first;
    } finally {
      restore();
    }
    expect(await contactTask()).toMatchObject({ assigneeId: OWNER3 });
  });
});

describe('copies of a renamed customer’s name made after the rename', () => {
  test('a task planned after two renames keeps the later name when the earlier rename’s copy is written late', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.setSettings(() => ({ agents: [AGENT] }));
    await rename(code, 'Huadong Precision');
    const first = await revisionOf(id);
    await rename(code, 'Huadong Robotics');
    await taskNew(code);
    expect(await taskMine()).toContain(`*Visit* · Huadong Robotics (${code})`);
    // A slow instance finishing the first rename's copies now.
    const tasks = new TaskRepository(app.db.models.tasks);
    expect(await tasks.renameCustomer(FAKE_TEAM_ID, id, 'Huadong Precision', first)).toBe(0);
    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · Huadong Robotics (${code})`);
    expect(mine).not.toContain('Huadong Precision');
  });

  test('a ticket opened before a rename and resolved after it plans its follow-ups under the new name, which a late earlier write leaves', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.setSettings(() => ({ agents: [AGENT] }));
    const { number } = await makeTicket(app, { customerCode: code });
    await rename(code, 'Huadong Precision');
    const first = await revisionOf(id);
    await act(app, number, { action: 'claim' });
    await act(app, number, { action: 'resolve', summary: 'Replaced the encoder' });
    const open = await app.db.models.tasks.find({ teamId: FAKE_TEAM_ID, status: 'open' }).lean();
    expect(open.length).toBeGreaterThan(0);
    expect(open.map((t) => [t.customerName, t.customerNameRevision])).toEqual(
      open.map(() => ['Huadong Precision', first]),
    );
    // Renamed again; the first rename's copy, written late, changes none of them.
    await rename(code, 'Huadong Robotics');
    const tasks = new TaskRepository(app.db.models.tasks);
    expect(await tasks.renameCustomer(FAKE_TEAM_ID, id, 'Huadong Precision', first)).toBe(0);
    app.clock.set('2026-11-27T02:00:00Z');
    const mine = await taskMine();
    expect(mine).toContain(`Huadong Robotics (${code})`);
    expect(mine).not.toMatch(/Huadong (Machinery|Precision)/);
  });

  test('/task new read the customer before a rename whose copy ran before the task was in: the task takes the new name', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.setSettings(() => ({ agents: [AGENT] }));
    const restore = before(
      app.db.models.tasks,
      'updateOne',
      () => renameNow(code, 'Huadong Precision'),
      (_filter, update) => !!update?.$setOnInsert,
    );
    try {
      await taskNew(code);
    } finally {
      restore();
    }
    expect(await owed(id)).toBeUndefined();
    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · Huadong Precision (${code})`);
    expect(mine).not.toContain('Huadong Machinery');
  });

  test('/task new racing a rename whose catch-up fails: marked owed (the rename’s own clear, held till then, leaves the mark), and the outbox job writes the name', async () => {
    const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await app.setSettings(() => ({ agents: [AGENT] }));
    // The rename lands between the task's read and its insert; its copy runs before the insert,
    // and its clear of the mark waits until the task's catch-up (its write failing) is over.
    let clearReached!: () => void;
    const reached = new Promise<void>((resolve) => (clearReached = resolve));
    let releaseClear!: () => void;
    const released = new Promise<void>((resolve) => (releaseClear = resolve));
    let renaming: Promise<unknown> | undefined;
    let restoreFail = () => {};
    const restoreClear = before(
      app.db.models.customers,
      'updateOne',
      async () => {
        clearReached();
        await released;
      },
      (_filter, update) => !!update?.$unset?.namesOwed,
    );
    const restoreInsert = before(
      app.db.models.tasks,
      'updateOne',
      async () => {
        renaming = renameNow(code, 'Huadong Precision');
        await reached;
        restoreFail = failCalls(app.db.models.tasks, 'updateMany');
      },
      (_filter, update) => !!update?.$setOnInsert,
    );
    try {
      await taskNew(code);
      releaseClear();
      await renaming;
    } finally {
      restoreFail();
      restoreInsert();
      restoreClear();
    }
    expect(await owed(id)).toMatchObject({ revision: await revisionOf(id) });
    expect(await taskMine()).toContain(`*Visit* · Huadong Machinery (${code})`);
    const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(run!.counts).toMatchObject({ copiesRepaired: 1 });
    expect(await owed(id)).toBeUndefined();
    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · Huadong Precision (${code})`);
    expect(mine).not.toContain('Huadong Machinery');
  });

  test.each([
    ['a new link', false],
    ['a channel linked to it already', true],
  ])(
    '/desk channel link read the customer before a rename (%s): the link and its answer say the new name',
    async (_case, linkedBefore) => {
      const { code, id } = await makeCustomer(app, { name: 'Huadong Machinery' });
      if (linkedBefore)
        await app.slack.command('/desk', `channel link ${code}`, {
          userId: ADMIN,
          channelId: CUST,
        });
      const restore = before(app.db.models.channelLinks, 'findOneAndUpdate', () =>
        renameNow(code, 'Huadong Precision'),
      );
      let answer: string;
      try {
        const linked = await app.slack.command('/desk', `channel link ${code} emoji`, {
          userId: ADMIN,
          channelId: CUST,
        });
        answer = String(linked.body.text);
      } finally {
        restore();
      }
      expect(answer).toContain('*Huadong Precision*');
      expect(await owed(id)).toBeUndefined();
      expect(await channelShown()).toContain(
        `<#${CUST}> is the customer channel of *Huadong Precision* (\`${code}\`)`,
      );
      expect(
        (await app.db.models.channelLinks.findOne({ channelId: CUST }).lean())!
          .customerNameRevision,
      ).toBe(await revisionOf(id));
    },
  );
});

describe('copies of a renamed customer’s name planned by the daily tasks run', () => {
  test('a rename landing between the run’s read and its insert: the care contact, the greeting and the greeting DM take the new name', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    // Long uncontacted active customers with a contact to greet: a care contact and a greeting.
    const contact = { name: 'Li Wei', optOuts: [] };
    const cared = await makeCustomer(app, {
      name: 'Huadong Machinery',
      lifecycle: 'active',
      contact,
    });
    const greeted = await makeCustomer(app, {
      name: 'Lianhua Foods',
      lifecycle: 'active',
      contact,
    });
    const insertOf = (kind: string, id: string) => (filter: any, update: any) =>
      !!update?.$setOnInsert && String(filter?._id).includes(`:${kind}:${id}:`);
    const restoreCare = before(
      app.db.models.tasks,
      'updateOne',
      () => renameNow(cared.code, 'Huadong Precision'),
      insertOf('care', cared.id),
    );
    const restoreGreeting = before(
      app.db.models.tasks,
      'updateOne',
      () => renameNow(greeted.code, 'Lianhua Fresh'),
      insertOf('greeting', greeted.id),
    );
    let counts: unknown;
    try {
      // Monday 28 September, three days before National Day.
      const [run] = await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
      counts = run!.counts;
    } finally {
      restoreGreeting();
      restoreCare();
    }
    expect(counts).toMatchObject({ careCreated: 2, greetingsPlanned: 2 });
    const dm = JSON.stringify(
      app.fake.postsTo(OWNER).filter((m) => String(m.args.text).includes('National Day')),
    );
    expect(dm).toContain('Lianhua Fresh');
    expect(dm).not.toContain('Lianhua Foods');
    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(mine).toContain(`*Care contact* · Huadong Precision (${cared.code})`);
    expect(mine).toContain(`*Holiday greeting* · Lianhua Fresh (${greeted.code})`);
    expect(mine).not.toMatch(/Huadong Machinery|Lianhua Foods/);
  });
});

describe('a greeting naming the customer (no contacts to greet)', () => {
  test('a rename landing between the run’s read and its insert: the greeting’s words, /task mine and the DM say the new name', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    const greeted = await makeCustomer(app, { name: 'Jinling Trading', lifecycle: 'active' });
    const restore = before(
      app.db.models.tasks,
      'updateOne',
      () => renameNow(greeted.code, 'Jinling Logistics'),
      (filter: any, update: any) =>
        !!update?.$setOnInsert && String(filter?._id).includes(`:greeting:${greeted.id}:`),
    );
    try {
      await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    } finally {
      restore();
    }
    const dm = JSON.stringify(
      app.fake.postsTo(OWNER).filter((m) => String(m.args.text).includes('National Day')),
    );
    expect(dm).toContain('greet Jinling Logistics');
    expect(dm).not.toContain('Jinling Trading');
    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const mine = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(mine).toContain('National Day (2026-10-01): greet Jinling Logistics');
    expect(mine).not.toContain('Jinling Trading');
    // Renamed again in Edit customer: the rename's own copy writes the words too.
    await rename(greeted.code, 'Jinling Holdings');
    app.fake.reset();
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const again = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
    expect(again).toContain('National Day (2026-10-01): greet Jinling Holdings');
    expect(again).not.toMatch(/Jinling (Trading|Logistics)/);
  });
  test('Edit task on it saved while renames rewrite its words: not taken for someone else’s edit (its words are not the modal’s to change)', async () => {
    app.clock.set('2026-09-01T02:00:00Z');
    await app.setSettings(() => ({ agents: [AGENT] }));
    const greeted = await makeCustomer(app, { name: 'Jinling Trading', lifecycle: 'active' });
    await runJobAt(app, tasksJob, '2026-09-28T01:00:00Z');
    const id = String(
      (await app.db.models.tasks.findOne({ kind: 'greeting', customerId: greeted.id }).lean())!._id,
    );
    app.fake.reset();
    await app.slack.blockAction({ action_id: 'task_edit_open', value: id }, { userId: OWNER });
    const modal = lastOpened();
    expect(modal.callback_id).toBe('task_edit');
    // A rename (its copy rewriting the words) lands right before each write of the edit.
    const names = ['Jinling Logistics', 'Jinling Holdings'];
    const model = app.db.models.tasks;
    const write = model.findOneAndUpdate;
    (model as any).findOneAndUpdate = function (this: unknown, ...args: any[]) {
      const query = (write as any).apply(this, args);
      const name = args[0]?._id === id ? names.shift() : undefined;
      if (name) {
        const exec = query.exec.bind(query);
        query.exec = async (...execArgs: any[]) => {
          await renameNow(greeted.code, name);
          return exec(...execArgs);
        };
      }
      return query;
    };
    try {
      const res = await app.slack.submitView(modal, { executor: AGENT }, { userId: OWNER });
      expect(res.body).toBe('');
    } finally {
      (model as any).findOneAndUpdate = write;
    }
    expect(JSON.stringify(app.fake.callsTo('views.update'))).not.toContain('at the same moment');
    const task = (await model.findById(id).lean())!;
    expect(task).toMatchObject({
      assigneeId: AGENT,
      customerName: 'Jinling Logistics',
      content: 'National Day (2026-10-01): greet Jinling Logistics',
      edits: [{ by: OWNER, fields: ['assigneeId'], before: { assigneeId: OWNER } }],
    });
    // Its words are still drawn around the name: the next rename writes them too.
    await rename(greeted.code, 'Jinling Holdings');
    expect((await model.findById(id).lean())!.content).toBe(
      'National Day (2026-10-01): greet Jinling Holdings',
    );
  });
});

describe('a renamed customer erased while the rename’s copies are written', () => {
  test('the rename’s copy, running after the erasure, never brings a name back: /task mine and /desk channel say the erased name', async () => {
    const { code, id } = await setUp();
    // The rename is saved; its copy's first write waits while an admin erases the customer.
    const restore = before(
      app.db.models.tasks,
      'updateMany',
      async () => app.desk.services.dataSubjects.erase(await ctxOf(app, ADMIN), code),
      (_filter, update) => update?.$set?.customerName === 'Huadong Precision',
    );
    try {
      await rename(code, 'Huadong Precision');
    } finally {
      restore();
    }
    const erased = `[erased] ${code}`;
    expect((await app.db.models.customers.findById(id).lean())!.name).toBe(erased);
    const mine = await taskMine();
    expect(mine).toContain(`*Visit* · ${erased} (${code})`);
    expect(await channelShown()).toContain(
      `<#${CUST}> is the customer channel of *${erased}* (\`${code}\`)`,
    );
    // Nor does the repair, two minutes on.
    await runJobAt(app, outboxJob, '2026-11-24T02:03:00Z');
    expect(await taskMine()).toContain(`*Visit* · ${erased} (${code})`);
    expect(await channelShown()).toContain(`*${erased}*`);
    // Neither the name the rename gave nor the one it had before is anywhere (the change log,
    // the outbox's entries): an erasure scrubs every name the file had.
    expect(await scanStrings(app.db, ['Huadong Precision', 'Huadong Machinery'])).toEqual([]);
  });
});

describe('a customer edited in Edit customer, and the App Homes that show it', () => {
  const APPROVER = 'U0APPROVE1';

  /** A call due today planned by the owner for AGENT (and `more`), its Homes drawn. */
  async function callPlanned(code: string, submissionId: string, more = {}) {
    await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
      customerCode: code,
      kind: 'call',
      assigneeId: AGENT,
      ...more,
      dueDate: '2026-11-24',
      content: 'Call them',
      submissionId,
    });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
  }

  test('renamed: the Homes of its task’s executor and approver (tasks due, tasks you sign off) and its owner’s are drawn again with the new name', async () => {
    await app.setSettings(() => ({ agents: [AGENT, APPROVER], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, { name: 'Huadong Machinery' });
    await callPlanned(code, 'rename-homes-1', { approverId: APPROVER });
    app.fake.reset();

    await edit(code, { name: 'Huadong Robotics' });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    for (const user of [AGENT, APPROVER, OWNER]) {
      expect(app.fake.homesPublishedTo(user)).toHaveLength(1);
      expect(JSON.stringify(app.fake.homesPublishedTo(user)[0]!.args.view)).not.toContain(
        'Huadong Machinery',
      );
    }
    for (const user of [AGENT, APPROVER])
      expect(JSON.stringify(app.fake.homesPublishedTo(user)[0]!.args.view)).toContain(
        'Huadong Robotics',
      );
  });

  test('its contacts changed in the Contacts modal (a contact saved, Make primary, Remove): its task executor’s Home is drawn again with the primary contact as it is now', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, {
      name: 'Huadong Machinery',
      contact: { name: 'Zhang Wei', preferredChannel: 'phone' },
    });
    await app.desk.services.customers.saveContact(await ctxOf(app, OWNER), code, undefined, {
      name: 'Li Na',
      preferredChannel: 'email',
    });
    await callPlanned(code, 'contacts-homes-1');
    const lastView = () =>
      app.fake.calls
        .filter((c) => ['views.open', 'views.update', 'views.push'].includes(c.method))
        .at(-1)!.args.view as View;
    const asShown = (view: View) => ({ ...view, id: 'V0CONTACTS1', state: { values: {} } });
    const menu = (view: View, index: number, what: string) => {
      const block = view.blocks.filter((b) => b.block_id?.startsWith('contact_'))[index];
      const option = block.accessory.options.find((o: any) => o.value.startsWith(`${what}:`));
      return app.slack.blockAction(
        {
          action_id: 'customer_contact_menu',
          block_id: block.block_id,
          type: 'overflow',
          selected_option: option,
        },
        { userId: OWNER, view },
      );
    };
    /** The executor's Homes published since the last look (the outbox drained). */
    const executorHome = async () => {
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      const homes = app.fake.homesPublishedTo(AGENT).map((c) => JSON.stringify(c.args.view));
      app.fake.reset();
      return homes;
    };
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    const list = asShown(lastView());

    // Zhang Wei's form saved: now by WeChat.
    await menu(list, 0, 'edit');
    await app.slack.submitView(
      { ...lastView(), id: 'V0CONTACTF1' },
      { contact_channel: 'WeChat' },
      { userId: OWNER },
    );
    let homes = await executorHome();
    expect(homes).toHaveLength(1);
    expect(homes[0]).toContain('Zhang Wei prefers WeChat');

    // Li Na made primary.
    await app.slack.blockAction(
      { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    await menu(asShown(lastView()), 1, 'primary');
    homes = await executorHome();
    expect(homes).toHaveLength(1);
    expect(homes[0]).toContain('Li Na prefers email');

    // Li Na removed: Zhang Wei is the primary again.
    await app.slack.blockAction(
      { action_id: 'customer_contacts_open', value: code, block_id: 'customer_actions' },
      { userId: OWNER },
    );
    await menu(asShown(lastView()), 0, 'remove');
    await app.slack.submitView({ ...lastView(), id: 'V0CONTACTR1' }, {}, { userId: OWNER });
    homes = await executorHome();
    expect(homes).toHaveLength(1);
    expect(homes[0]).toContain('Zhang Wei prefers WeChat');
    expect(homes[0]).not.toContain('Li Na');
  });

  test('set to churn warning: its owner’s Home (customers with signals, churn risk) is drawn again with it, and no one else’s', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app, { name: 'Lianhua Foods', lifecycle: 'active' });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    app.fake.reset();

    await edit(code, { lifecycle: 'churn_warning' });
    expect((await app.db.models.customers.findOne({ code }).lean())!.lifecycle).toBe(
      'churn_warning',
    );
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.homesPublishedTo(OWNER)).toHaveLength(1);
    expect(JSON.stringify(app.fake.homesPublishedTo(OWNER)[0]!.args.view)).toContain(
      'Lianhua Foods',
    );
    expect(app.fake.callsTo('views.publish').map((c) => c.args.user_id)).toEqual([OWNER]);
  });
});
