import { describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { customerSignalsJob } from '../../jobs/customer-signals.js';
import {
  PAUSED_DUE_RECHECK_MS,
  PAUSED_DUE_ROLLOUT_MS,
  slaAlertsJob,
} from '../../jobs/sla-alerts.js';
import { PAUSED_DUE_AT } from '../../src/ticket/clock.js';
import type { TicketRepository } from '../../src/ticket/repository.js';
import { CLOCK_BATCH } from '../../src/ticket/service.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import {
  act,
  AGENT,
  ctxOf,
  makeCustomer,
  makeTicket,
  OWNER,
  respond,
} from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';
const ESCALATION = 'C0ESCAL001';
const MANAGER = 'U0MANAGER1';
const ADMIN = 'U0ADMIN001';
const REQUESTER = 'U0REQUEST1';
const AGENT2 = 'U0AGENT002';

// Tuesday 2026-11-24 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ESCALATION_CHANNEL_ID: ESCALATION },
  now: '2026-11-24T02:00:00Z',
});

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { action_id: string; value: string };
  elements?: { action_id: string; value: string; text?: { text: string } }[];
};
type Shown = { text: string; blocks: Block[]; replace_original?: boolean };

/** What `/ticket …` answered through its response_url. */
async function command(text: string, userId = AGENT): Promise<Shown> {
  return (await app.slack.command('/ticket', text, { userId })).body as Shown;
}

/** The ticket numbers a list shows, in order. */
const numbers = (shown: Shown) =>
  shown.blocks
    .filter((b) => b.type === 'section')
    .slice(1)
    .flatMap((b) => b.text?.text.match(/T2026\d{4}/) ?? []);

const buttons = (shown: { blocks: Block[] }) =>
  shown.blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]);

const lastResponse = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Shown;

/**
 * Each paused-due pass (the minute job's look-back among them) given time for one batch only (its
 * cap reached after it), until restored.
 */
function oneBatchAPass() {
  const tickets = app.desk.services.tickets;
  const pass = tickets.backfillPausedDueAt.bind(tickets);
  return vi.spyOn(tickets, 'backfillPausedDueAt').mockImplementation(async (ctx, options = {}) => {
    let batches = 0;
    return pass(ctx, { ...options, stop: () => batches++ >= 1 });
  });
}

/** As `oneBatchAPass`, for the backfill's passes only: the minute job's look-back runs whole. */
function oneBatchABackfillPass() {
  const tickets = app.desk.services.tickets;
  const pass = tickets.backfillPausedDueAt.bind(tickets);
  return vi.spyOn(tickets, 'backfillPausedDueAt').mockImplementation(async (ctx, options = {}) => {
    if (options.changedSince) return pass(ctx, options);
    let batches = 0;
    return pass(ctx, { ...options, stop: () => batches++ >= 1 });
  });
}

/** The workspace's document as stored. */
async function workspaceDoc() {
  return (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
}

/**
 * The workspace's paused-due backfill stamped done `ago` ms ago (wall clock), written raw, and
 * the cached workspace forgotten.
 */
async function stampedDone(ago: number) {
  await app.db.models.workspaces.updateOne(
    { teamId: FAKE_TEAM_ID },
    { $set: { 'migrations.pausedDueAt': new Date(Date.now() - ago) } },
    { timestamps: false },
  );
  app.desk.services.workspaces.forget();
}

/** A new urgent ticket of customer `customerCode`: its number. */
async function urgentTicket(customerCode: string) {
  return (await makeTicket(app, { customerCode, severity: 'urgent' })).number;
}

/** Ticket `number` claimed, then put waiting on the customer. */
async function claimedWaiting(number: string) {
  await act(app, number, { action: 'claim' });
  await act(app, number, { action: 'wait' });
}

/** The Home `user` gets when they open the tab. */
async function homeOf(user: string): Promise<string> {
  await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
  const publish = app.fake.callsTo('views.publish').at(-1)!;
  expect(publish.args.user_id).toBe(user);
  return JSON.stringify(publish.args.view);
}

describe('/ticket list', () => {
  test('ten rows due first, each with what is due and its assignee, Open / Claim, and Next / Previous replacing the list', async () => {
    const customer = await makeCustomer(app);
    const made: string[] = [];
    for (let i = 0; i < 23; i++) {
      const severity = i % 3 === 0 ? 'urgent' : 'general';
      made.push((await makeTicket(app, { customerCode: customer.code, severity })).number);
    }
    await act(app, made[1]!, { action: 'claim' });
    await respond(app, made[1]!);
    const urgent = made.filter((_, i) => i % 3 === 0);
    // The claimed and answered one has had its first response: only its resolution (8 business days on) is due, so last.
    const general = [...made.filter((n, i) => i % 3 !== 0 && n !== made[1]), made[1]!];

    const first = await command('list open');
    expect(first.text).toBe('Open tickets (23)');
    // Urgent ones are due first (first response by 12:00), then the general ones (18:00).
    expect(numbers(first)).toEqual([...urgent, ...general].slice(0, 10));
    const text = JSON.stringify(first.blocks);
    expect(text).toContain(
      'Response: 2 h of business time left, due <!date^1795492800^{date_short_pretty} {time}|2026-11-24 12:00 GMT+8>',
    );
    expect(text).toContain('Unassigned');
    expect(text).toContain('1-10 of 23, due first');
    const isNav = (b: { action_id?: string }) =>
      b.action_id === 'ticket_list_page' || b.action_id === 'ticket_list_previous';
    const rowButtons = buttons(first).filter((b) => !isNav(b));
    expect(rowButtons.filter((b) => b.action_id === 'ticket_open')).toHaveLength(10);
    // Claim on unassigned new tickets only (made[1] is claimed).
    expect(rowButtons.filter((b) => b.action_id === 'ticket_claim').map((b) => b.value)).toEqual(
      [...urgent, ...general].slice(0, 10).filter((n) => n !== made[1]),
    );
    const nav = () => buttons(lastResponse()).filter(isNav);
    // Next carries the last row's due time and number (keyset), not a position.
    expect(buttons(first).filter(isNav)).toEqual([
      expect.objectContaining({
        value: expect.stringMatching(new RegExp(`^open:a:\\d+:${[...urgent, ...general][9]}$`)),
        text: expect.objectContaining({ text: 'Next' }),
      }),
    ]);

    // Next and Previous differ by action_id (Slack refuses one block's elements sharing one).
    const page = (value: string, actionId = 'ticket_list_page') =>
      app.slack.blockAction(
        { action_id: actionId, value, block_id: 'ticket_list_nav' },
        { userId: AGENT, ephemeral: true },
      );
    // A list shown before keyset paging carries a position: still read.
    await page('open:10');
    expect(lastResponse().replace_original).toBe(true);
    expect(numbers(lastResponse())).toEqual([...urgent, ...general].slice(10, 20));
    expect(JSON.stringify(lastResponse().blocks)).toContain('11-20 of 23');
    expect(nav().map((b) => b.action_id)).toEqual(['ticket_list_previous', 'ticket_list_page']);
    await page(nav()[1]!.value);
    expect(numbers(lastResponse())).toEqual([...urgent, ...general].slice(20));
    // The claimed one, last: its assignee and its resolution due time.
    expect(JSON.stringify(lastResponse().blocks)).toContain(
      'Resolution: 72 h of business time left, due <!date^1796349600^{date_short_pretty} {time}|2026-12-04 10:00 GMT+8> · you',
    );
    expect(nav().map((b) => b.action_id)).toEqual(['ticket_list_previous']);
    await page(nav()[0]!.value, 'ticket_list_previous');
    expect(numbers(lastResponse())).toEqual([...urgent, ...general].slice(10, 20));
    expect(JSON.stringify(lastResponse().blocks)).toContain('11-20 of 23');
    await page(nav()[0]!.value, 'ticket_list_previous');
    expect(numbers(lastResponse())).toEqual([...urgent, ...general].slice(0, 10));
    expect(nav().map((b) => b.action_id)).toEqual(['ticket_list_page']);

    // A crafted page value is refused with an explanation, and no list is shown.
    const before = app.fake.callsTo('response_url').length;
    expect((await page('open:-5')).status).toBe(200);
    const refusal = app.fake.callsTo('response_url').slice(before);
    expect(refusal).toHaveLength(1);
    expect(JSON.stringify(refusal[0]!.args)).toMatch(/E-[0-9A-Z]{8}/);
  });

  test('Next on a list whose tickets after the page were claimed since: its last page, counts as they are now, Previous there, and a line saying the list changed', async () => {
    const customer = await makeCustomer(app);
    const made: string[] = [];
    for (let i = 0; i < 21; i++)
      made.push((await makeTicket(app, { customerCode: customer.code })).number);
    const first = await command('list unassigned');
    expect(first.text).toBe('Unassigned tickets (21)');
    const page = (value: string, action_id = 'ticket_list_page') =>
      app.slack.blockAction(
        { action_id, value, block_id: 'ticket_list_nav' },
        { userId: AGENT, ephemeral: true },
      );
    const navOf = (shown: Shown) =>
      buttons(shown).filter(
        (b) => b.action_id === 'ticket_list_page' || b.action_id === 'ticket_list_previous',
      );
    await page(navOf(first)[0]!.value);
    expect(JSON.stringify(lastResponse().blocks)).toContain('11-20 of 21');
    const next = navOf(lastResponse()).find((b) => b.action_id === 'ticket_list_page')!.value;
    // The one after the page is claimed by a colleague meanwhile, and one shown on it; then Next.
    await act(app, made[20]!, { action: 'claim' });
    await act(app, made[19]!, { action: 'claim' });
    await page(next);
    const shown = lastResponse();
    expect(shown.text).toBe('Unassigned tickets (19)');
    expect(numbers(shown)).toEqual(made.slice(9, 19));
    const text = JSON.stringify(shown.blocks);
    expect(text).toContain('10-19 of 19, due first');
    expect(text).toContain(
      'The list has changed since it was shown (tickets closed or moved): this is its last page now.',
    );
    expect(text).not.toContain('No unassigned tickets');
    expect(navOf(shown).map((b) => b.action_id)).toEqual(['ticket_list_previous']);
    await page(navOf(shown)[0]!.value, 'ticket_list_previous');
    expect(numbers(lastResponse())).toEqual(made.slice(0, 10));
  });

  test('a ticket on page 1 closed before Next: page 2 shows exactly the rows after the last one shown, none skipped, none repeated; Previous the rows before', async () => {
    const customer = await makeCustomer(app);
    const made: string[] = [];
    for (let i = 0; i < 25; i++)
      made.push((await makeTicket(app, { customerCode: customer.code })).number);
    const page = (value: string, action_id = 'ticket_list_page') =>
      app.slack.blockAction(
        { action_id, value, block_id: 'ticket_list_nav' },
        { userId: AGENT, ephemeral: true },
      );
    const navOf = (shown: Shown, id: string) => buttons(shown).find((b) => b.action_id === id)!;
    const first = await command('list open');
    expect(numbers(first)).toEqual(made.slice(0, 10));
    // A colleague resolves one shown on page 1 meanwhile (out of the open list).
    await act(app, made[3]!, { action: 'claim' }, AGENT2);
    await act(
      app,
      made[3]!,
      { action: 'resolve', summary: 'Fixed', rootCause: 'delivery', correctiveAction: 'Checked' },
      AGENT2,
    );
    await page(navOf(first, 'ticket_list_page').value);
    const second = lastResponse();
    expect(second.text).toBe('Open tickets (24)');
    // Offset 10 would have started at made[11], skipping made[10].
    expect(numbers(second)).toEqual(made.slice(10, 20));
    const text = JSON.stringify(second.blocks);
    expect(text).toContain('10-19 of 24, due first');
    expect(text).not.toContain('The list has changed');
    // Previous: the nine still open before it (all there are), from the first.
    await page(navOf(second, 'ticket_list_previous').value, 'ticket_list_previous');
    expect(numbers(lastResponse())).toEqual(made.slice(0, 11).filter((n) => n !== made[3]));
    // Next again from page 2: the rest, none repeated.
    await page(navOf(second, 'ticket_list_page').value);
    expect(numbers(lastResponse())).toEqual(made.slice(20));
    expect(JSON.stringify(lastResponse().blocks)).toContain('20-24 of 24');
  });

  test('the reader\'s own tickets say "you" (你) as their holder in /ticket mine, the lists and App Home; others\' are mentioned', async () => {
    await app.setSettings(() => ({ agents: [AGENT, AGENT2], openDesk: true }));
    const customer = await makeCustomer(app);
    const mine = (await makeTicket(app, { customerCode: customer.code, title: 'Mine' })).number;
    const theirs = (await makeTicket(app, { customerCode: customer.code, title: 'Theirs' })).number;
    await act(app, mine, { action: 'claim' }, AGENT);
    await act(app, theirs, { action: 'claim' }, AGENT2);
    const row = (shown: { blocks: Block[] } | string, number: string) =>
      (typeof shown === 'string' ? (JSON.parse(shown) as { blocks: Block[] }) : shown).blocks
        .map((b) => b.text?.text ?? '')
        .find((text) => text.includes(number))!;

    const own = await command('mine');
    expect(own.text).toBe('Your open tickets (1)');
    expect(row(own, mine)).toMatch(/ · you$/);
    expect(JSON.stringify(own.blocks)).not.toContain(`<@${AGENT}>`);
    // In a list of everyone's, their own says "you", the other's holder is named.
    const open = await command('list open');
    expect(row(open, mine)).toMatch(/ · you$/);
    expect(row(open, theirs)).toMatch(new RegExp(` · <@${AGENT2}>$`));
    // The same rows seen by the other agent.
    const other = await command('list open', AGENT2);
    expect(row(other, mine)).toMatch(new RegExp(` · <@${AGENT}>$`));
    expect(row(other, theirs)).toMatch(/ · you$/);

    const home = await homeOf(AGENT);
    expect(row(home, mine)).toMatch(/ · you$/);
    expect(home).not.toContain(`<@${AGENT}>`);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(row(await command('mine'), mine)).toMatch(/ · 你$/);
    expect(row(await homeOf(AGENT), mine)).toMatch(/ · 你$/);
  });

  test('overdue, waiting, mine and unassigned read the stored due times: one paused in time is never overdue and comes last', async () => {
    const customer = await makeCustomer(app);
    const urgent = await urgentTicket(customer.code);
    const general = (await makeTicket(app, { customerCode: customer.code })).number;
    const mine = (await makeTicket(app, { customerCode: customer.code })).number;
    const waiting = (await makeTicket(app, { customerCode: customer.code })).number;
    await act(app, mine, { action: 'claim' });
    await respond(app, mine);
    await act(app, waiting, { action: 'claim' });
    await respond(app, waiting);
    await act(app, waiting, { action: 'wait' });
    const stored = await app.db.models.tickets.findOne({ number: waiting }).lean();
    expect(stored!.responseDueAt).toBeUndefined();
    expect(stored!.dueAt!.getUTCFullYear()).toBe(9999);

    // 13:00: the urgent one's first response (due 12:00) is an hour late.
    app.clock.set('2026-11-24T05:00:00Z');
    let overdue = await command('list overdue');
    expect(overdue.text).toBe('Overdue tickets (1)');
    expect(numbers(overdue)).toEqual([urgent]);
    expect(JSON.stringify(overdue.blocks)).toContain('Overdue by 1 h of business time');

    // Thursday: the unanswered general one is past its first response (Tuesday 18:00) too; the
    // answered one (resolution due 4 December) and the waiting one are not.
    app.clock.set('2026-11-26T02:00:00Z');
    overdue = await command('list overdue');
    expect(numbers(overdue)).toEqual([urgent, general]);
    const waitingList = await command('list waiting');
    expect(numbers(waitingList)).toEqual([waiting]);
    expect(JSON.stringify(waitingList.blocks)).toContain('paused, waiting on the customer');
    expect(numbers(await command('mine'))).toEqual([mine, waiting]);
    expect(numbers(await command('list mine'))).toEqual([mine, waiting]);
    expect(numbers(await command('list unassigned'))).toEqual([urgent, general]);

    // Resumed: its due times are stored again, pushed out by the business time it waited.
    await act(app, waiting, { action: 'resume' });
    const resumed = await app.db.models.tickets.findOne({ number: waiting }).lean();
    const before = await app.db.models.tickets.findOne({ number: mine }).lean();
    expect(resumed!.dueAt!.getTime()).toBeGreaterThan(before!.dueAt!.getTime());
    expect(numbers(await command('list overdue'))).toEqual([urgent, general]);

    expect((await command('list everything')).text).toContain('/ticket list waiting');
  });

  test('overdue lists a ticket already overdue when it was set waiting on the customer, as its row says; one paused in time is not', async () => {
    const { late, inTime } = await waitingLateAndInTime();

    app.clock.set('2026-11-24T07:00:00Z');
    const waitingList = await command('list waiting');
    expect(JSON.stringify(waitingList.blocks)).toMatch(
      new RegExp(`${late}[^"]*paused, waiting on the customer; Response: overdue by 1 h`),
    );
    const overdue = await command('list overdue');
    // A pause stops the clock; it does not undo the breach the row and the card tell of.
    expect(overdue.text).toBe('Overdue tickets (1)');
    expect(numbers(overdue)).toEqual([late]);
    expect(JSON.stringify(overdue.blocks)).toContain('overdue by 1 h');

    // Resumed, it is overdue as before; the other, resumed, has its time left.
    await act(app, late, { action: 'resume' });
    await act(app, inTime, { action: 'resume' });
    expect(numbers(await command('list overdue'))).toEqual([late]);
  });

  test('a waiting ticket saved overdue with the far-future due time (before the pause kept its breach) is listed overdue once the app starts, and one an older instance saves after by the next minute', async () => {
    // 13:00: the urgent one's first response (due 12:00) is an hour late when it is paused.
    const { late, inTime } = await waitingLateAndInTime();
    const oldShape = () =>
      app.db.models.tickets.updateOne({ number: late }, { $set: { dueAt: PAUSED_DUE_AT } });
    const dueAtOf = async (number: string) =>
      (await app.db.models.tickets.findOne({ number }).lean())!.dueAt;

    // As the version before saved it: the far future, whatever ran out before the pause.
    await oldShape();
    app.clock.set('2026-11-24T07:00:00Z');
    expect(numbers(await command('list overdue'))).toEqual([]);
    const upgraded = app.instance('upgraded');
    await upgraded.start();
    await upgraded.startupWork();
    await upgraded.stop();
    expect(await dueAtOf(late)).toEqual(new Date('2026-11-24T04:00:00Z'));
    expect(await dueAtOf(inTime)).toEqual(PAUSED_DUE_AT);
    const overdue = await command('list overdue');
    expect(overdue.text).toBe('Overdue tickets (1)');
    expect(numbers(overdue)).toEqual([late]);
    expect(
      app.logs.find(
        (l) => l.msg === 'waiting tickets overdue before their pause given that due time',
      ),
    ).toMatchObject({ workspaces: 1, read: 2, tickets: 1 });

    // Saved so again by an older instance during the upgrade: the next minute's job, once.
    await oldShape();
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    expect(numbers(await command('list overdue'))).toEqual([late]);
    const [again] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
    expect(again!.counts).not.toHaveProperty('pausedDue');
    expect(await dueAtOf(inTime)).toEqual(PAUSED_DUE_AT);
  });

  test("the waiting tickets' due-time backfill is done once per workspace: start-up serves without waiting for it, a pass that fails or is stopped is done by the next start, no start after reads a ticket, and the minute job stops looking a day after", async () => {
    const late = await waitingAnHourLate();
    const oldShape = () =>
      app.db.models.tickets.updateOne({ number: late }, { $set: { dueAt: PAUSED_DUE_AT } });
    const dueAtOf = async () =>
      (await app.db.models.tickets.findOne({ number: late }).lean())!.dueAt;
    const stamp = async () => (await workspaceDoc()).migrations?.pausedDueAt;
    const due = new Date('2026-11-24T04:00:00Z');
    await oldShape();
    app.clock.set('2026-11-24T07:00:00Z');

    // An instance stopped during its pass ends it before its next batch: not stamped.
    const stopped = app.instance('stopped');
    const pass = stopped.services.tickets.backfillPausedDueAt.bind(stopped.services.tickets);
    let go!: () => void;
    const held = new Promise<void>((resolve) => (go = resolve));
    let begun!: () => void;
    const passBegun = new Promise<void>((resolve) => (begun = resolve));
    vi.spyOn(stopped.services.tickets, 'backfillPausedDueAt').mockImplementation(
      async (...args) => {
        begun();
        await held;
        return pass(...args);
      },
    );
    await stopped.start();
    await passBegun;
    const stopping = stopped.stop();
    go();
    await stopping;
    expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
    expect(await stamp()).toBeUndefined();

    // An instance whose pass is slow serves meanwhile (start() does not wait for it), and one
    // whose pass fails (as one that dies in it) leaves the workspace to the next start.
    const first = app.instance('first');
    let fail!: (err: Error) => void;
    let called!: () => void;
    const reached = new Promise<void>((resolve) => (called = resolve));
    vi.spyOn(first.services.tickets, 'backfillPausedDueAt').mockImplementation(() => {
      called();
      return new Promise((_, reject) => (fail = reject));
    });
    // (The version before waited for the pass here: start() never resolved.)
    await first.start();
    await reached;
    fail(new Error('connection lost'));
    await first.startupWork();
    await first.stop();
    expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
    expect(await stamp()).toBeUndefined();
    expect(app.logs.map((l) => l.msg)).toContain(
      'could not give waiting tickets the due time they had run out before their pause (the next start tries again)',
    );

    const second = app.instance('second');
    await second.start();
    await second.startupWork();
    await second.stop();
    expect(await dueAtOf()).toEqual(due);
    const stampedAt = await stamp();
    expect(stampedAt).toBeInstanceOf(Date);

    // Stamped: a later start reads no ticket (one saved so meanwhile is the minute job's).
    await oldShape();
    const third = app.instance('third');
    const reads = vi.spyOn(third.services.tickets, 'backfillPausedDueAt');
    await third.start();
    await third.startupWork();
    await third.stop();
    expect(reads).not.toHaveBeenCalled();
    expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
    expect(await stamp()).toEqual(stampedAt);

    // The minute job looks back while an upgrade may still roll out...
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    expect(await dueAtOf()).toEqual(due);
    // ...and, a day after the backfill was done and after it last found one, reads none.
    const dayAgo = new Date(Date.now() - PAUSED_DUE_ROLLOUT_MS);
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'migrations.pausedDueAt': dayAgo,
          'migrationLookBacks.pausedDueAt.found': dayAgo,
        },
      },
    );
    app.desk.services.workspaces.forget();
    // (Once more the saves since the last run, none: a look-back that read every one after the
    // day was up.)
    const [last] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
    expect(last!.counts).not.toHaveProperty('pausedDue');
    await oldShape();
    const looked = vi.spyOn(app.desk.services.tickets, 'backfillPausedDueAt');
    try {
      const [later] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:03:00Z');
      expect(later!.counts).not.toHaveProperty('pausedDue');
      expect(looked).not.toHaveBeenCalled();
      expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
    } finally {
      looked.mockRestore();
    }
  });

  test('a workspace start-up did not do (installed since, its pass failed) gets the whole backfill from the minute job: by one instance at a time, once', async () => {
    const late = await waitingAnHourLate();
    // Saved so long before (not in the job's hour of look-back) with the far-future due time.
    await app.db.models.tickets.updateOne(
      { number: late },
      { $set: { dueAt: PAUSED_DUE_AT, updatedAt: new Date(Date.now() - 3 * 60 * 60_000) } },
      { timestamps: false },
    );
    const dueAtOf = async () =>
      (await app.db.models.tickets.findOne({ number: late }).lean())!.dueAt;
    const workspace = async () => await workspaceDoc();
    const due = new Date('2026-11-24T04:00:00Z');
    expect((await workspace()).migrations?.pausedDueAt).toBeUndefined();

    // Another instance holds the pass (its start-up under way): this one leaves it.
    const held = new Date(Date.now() + 60_000);
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      { $set: { 'migrationLeases.pausedDueAt': held } },
      { timestamps: false },
    );
    const [left] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    expect(left!.counts).not.toHaveProperty('pausedDue');
    expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
    expect((await workspace()).migrationLeases?.pausedDueAt).toEqual(held);

    // Its hold ran out (it died in it); this one's pass fails: given back, not stamped (the
    // run itself does not fail: its sweep ran).
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      { $set: { 'migrationLeases.pausedDueAt': new Date(Date.now() - 1000) } },
      { timestamps: false },
    );
    const failing = vi
      .spyOn(app.desk.services.tickets, 'backfillPausedDueAt')
      .mockRejectedValueOnce(new Error('connection lost'));
    const [failed] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
    failing.mockRestore();
    expect(failed!.error).toBeUndefined();
    expect((await workspace()).migrationLeases?.pausedDueAt).toBeUndefined();
    expect((await workspace()).migrations?.pausedDueAt).toBeUndefined();

    // The next minute does it whole and stamps the workspace.
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:03:00Z');
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    expect(await dueAtOf()).toEqual(due);
    const stamped = await workspace();
    expect(stamped.migrations?.pausedDueAt).toBeInstanceOf(Date);
    expect(stamped.migrationLeases?.pausedDueAt).toBeUndefined();
    // Done: no minute after reads the whole list again (only its hour of look-back).
    const reads = vi.spyOn(app.desk.services.tickets, 'backfillPausedDueAt');
    try {
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:04:00Z');
      expect(reads.mock.calls.every(([, options]) => options?.changedSince)).toBe(true);
    } finally {
      reads.mockRestore();
    }
  });

  /**
   * A waiting ticket an hour overdue when it was paused at 13:00, saved with the far-future due
   * time three hours ago (out of the job's hour of look-back; `savedAgo` ms when given), after
   * `rightlyPaused` waiting tickets paused in time (numbered before it, saved so as well): the
   * whole pass reads those first. Its number.
   */
  async function overdueAfterPaused(
    rightlyPaused: number,
    savedAgo = 3 * 60 * 60_000,
  ): Promise<string> {
    const customer = await makeCustomer(app);
    const inTime = await urgentTicket(customer.code);
    const late = await urgentTicket(customer.code);
    await claimedWaiting(inTime);
    app.clock.set('2026-11-24T05:00:00Z');
    await claimedWaiting(late);
    const longAgo = new Date(Date.now() - savedAgo);
    await app.db.models.tickets.updateOne(
      { number: late },
      { $set: { dueAt: PAUSED_DUE_AT, updatedAt: longAgo } },
      { timestamps: false },
    );
    const { _id, ...paused } = (await app.db.models.tickets.findOne({ number: inTime }).lean())!;
    await app.db.models.tickets.collection.insertMany(
      Array.from({ length: rightlyPaused }, (_, i) => ({
        ...paused,
        number: `${inTime}-${String(i).padStart(3, '0')}`,
        submissionId: `${paused.submissionId}-${i}`,
        updatedAt: longAgo,
      })),
    );
    return late;
  }

  test("the minute job's whole backfill goes on each minute after the last ticket the minute before read: rightly paused waiting tickets are read once, and the overdue one after them is listed", async () => {
    const late = await overdueAfterPaused(CLOCK_BATCH);
    app.clock.set('2026-11-24T07:00:00Z');
    const workspace = async () => await workspaceDoc();
    // A minute's slice (PAUSED_DUE_JOB_MS) that has time for one batch only.
    const slices = oneBatchABackfillPass();
    try {
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(numbers(await command('list overdue'))).toEqual([]);
      expect((await workspace()).migrations?.pausedDueAt).toBeUndefined();
      // The next minute reads on from there, not those 200 again (the version before started
      // from the first every minute: the overdue ticket was never reached).
      const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
      expect(run!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
      const done = await workspace();
      expect(done.migrations?.pausedDueAt).toBeInstanceOf(Date);
      expect(done.migrationCursors?.pausedDueAt).toBeUndefined();
      expect(done.migrationLeases?.pausedDueAt).toBeUndefined();
    } finally {
      slices.mockRestore();
    }
  });

  test("start-up's backfill keeps its hold while it runs past the 10 minutes: the minute job on another instance leaves the workspace to it", async () => {
    const late = await overdueAfterPaused(2 * CLOCK_BATCH);
    app.clock.set('2026-11-24T07:00:00Z');
    const lease = async () => (await workspaceDoc()).migrationLeases?.pausedDueAt;
    const slow = app.instance('slow');
    const repo = (slow.services.tickets as unknown as { repos: { tickets: TicketRepository } })
      .repos.tickets;
    const read = repo.farFuturePaused.bind(repo);
    const began = Date.now();
    // Its reads are slow (a big workspace, a busy database): the second batch 9 minutes in,
    // the third 11 minutes in, on the wall clock the hold is kept by.
    let batch = 0;
    const whole = vi.spyOn(app.desk.services.tickets, 'backfillPausedDueAt');
    let heldFor = 0;
    let jobTookIt = true;
    vi.spyOn(repo, 'farFuturePaused').mockImplementation(async (...args) => {
      batch++;
      if (batch === 2) vi.setSystemTime(began + 9 * 60_000);
      if (batch === 3) {
        vi.setSystemTime(began + 11 * 60_000);
        heldFor = ((await lease())?.getTime() ?? 0) - Date.now();
        await runJobAt(app, slaAlertsJob, '2026-11-24T07:11:00Z');
        jobTookIt = whole.mock.calls.some(([, options]) => !options?.changedSince);
      }
      return read(...args);
    });
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      await slow.start();
      await slow.startupWork();
      await slow.stop();
    } finally {
      vi.useRealTimers();
      whole.mockRestore();
    }
    expect(batch).toBe(3);
    // Held past then, renewed after the batch before (the version before held it 10 minutes
    // from its start: the job took it and read the same tickets meanwhile).
    expect(heldFor).toBeGreaterThan(7 * 60_000);
    expect(jobTookIt).toBe(false);
    expect(numbers(await command('list overdue'))).toEqual([late]);
    expect((await workspaceDoc()).migrations?.pausedDueAt).toBeInstanceOf(Date);
  });

  /** Where the passes begun four hours ago got to (`migrationCursors.pausedDueAt`): past `late`. */
  const passesPast = (late: string) => ({
    after: `${late}~`,
    since: new Date(Date.now() - 4 * 60 * 60_000),
  });

  /**
   * A waiting ticket an hour overdue when it was paused at 13:00, saved with the far-future due
   * time by an older instance `savedAgo` ms ago (wall clock), numbered before where the passes
   * begun four hours ago got to (`migrationCursors.pausedDueAt`). Its number.
   */
  async function oldShapeBehindCursor(savedAgo: number): Promise<string> {
    const late = await waitingAnHourLate();
    await app.db.models.tickets.updateOne(
      { number: late },
      { $set: { dueAt: PAUSED_DUE_AT, updatedAt: new Date(Date.now() - savedAgo) } },
      { timestamps: false },
    );
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'migrationCursors.pausedDueAt': passesPast(late),
        },
      },
      { timestamps: false },
    );
    app.desk.services.workspaces.forget();
    app.clock.set('2026-11-24T07:00:00Z');
    return late;
  }

  test('a waiting ticket an older instance saved in the old shape behind where the passes got to, more than an hour ago (a rollback), is listed overdue once the minute job ends the pass', async () => {
    const late = await oldShapeBehindCursor(3 * 60 * 60_000);
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    const ws = await workspaceDoc();
    expect(ws.migrations?.pausedDueAt).toBeInstanceOf(Date);
    expect(ws.migrationCursors?.pausedDueAt).toBeUndefined();
    // (The version before read after the cursor and an hour back only: stamped, never listed.)
    expect(numbers(await command('list overdue'))).toEqual([late]);
  });

  test('a start-up that goes on where the passes got to also gives a ticket saved in the old shape behind it its due time', async () => {
    const late = await oldShapeBehindCursor(3 * 60 * 60_000);
    const upgraded = app.instance('upgraded');
    await upgraded.start();
    await upgraded.startupWork();
    await upgraded.stop();
    expect(numbers(await command('list overdue'))).toEqual([late]);
    expect((await workspaceDoc()).migrations?.pausedDueAt).toBeInstanceOf(Date);
    expect(
      app.logs.find(
        (l) => l.msg === 'waiting tickets overdue before their pause given that due time',
      ),
    ).toMatchObject({ workspaces: 1, tickets: 1 });
  });

  test('a start-up stopped in its look-back behind where the passes got to leaves the rest of it to the minute job: a ticket saved in the old shape behind them more than an hour before the stamp is listed overdue', async () => {
    const late = await oldShapeBehindCursor(3 * 60 * 60_000);
    // The start's pass reads on from the cursor and is stamped; the instance is stopped while its
    // look-back at the saves behind it runs, before it reads the ticket.
    const stopped = app.instance('stopped');
    const tickets = stopped.services.tickets;
    const pass = tickets.backfillPausedDueAt.bind(tickets);
    let go!: () => void;
    const held = new Promise<void>((resolve) => (go = resolve));
    let begun!: () => void;
    const lookBackBegun = new Promise<void>((resolve) => (begun = resolve));
    vi.spyOn(tickets, 'backfillPausedDueAt').mockImplementation(async (ctx, options = {}) => {
      if (!options.changedSince) return pass(ctx, options);
      begun();
      await held;
      return pass(ctx, options);
    });
    await stopped.start();
    await lookBackBegun;
    const stopping = stopped.stop();
    go();
    await stopping;
    const ws = (await app.db.models.workspaces.findOne({ teamId: FAKE_TEAM_ID }).lean())!;
    expect(ws.migrations?.pausedDueAt).toBeInstanceOf(Date);
    // Its place kept before it read any (`after` ''), over the saves since the passes began.
    expect(ws.migrationLookBacks?.pausedDueAt).toMatchObject({ after: '' });
    expect(ws.migrationLookBacks!.pausedDueAt!.from.getTime()).toBeLessThan(
      Date.now() - 4 * 60 * 60_000,
    );
    expect(numbers(await command('list overdue'))).toEqual([]);
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    // (The version before kept no place for the start's look-back: the minute job read since the
    // stamp and the hour only, and the ticket saved three hours ago was never listed.)
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    expect(numbers(await command('list overdue'))).toEqual([late]);
  });

  test("a start-up whose look-back's place another run moved as it began reads on without keeping it, as before: the overdue ticket after more rightly paused ones than a batch is listed", async () => {
    const late = await overdueAfterPaused(CLOCK_BATCH);
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'migrationCursors.pausedDueAt': passesPast(late),
          // The minute job's on another instance, moved after this start read what was kept.
          'migrationLookBacks.pausedDueAt': {
            from: new Date(Date.now() - 60 * 60_000),
            began: new Date(Date.now() - 60_000),
          },
        },
      },
      { timestamps: false },
    );
    app.clock.set('2026-11-24T07:00:00Z');
    const upgraded = app.instance('upgraded');
    vi.spyOn(upgraded.services.workspaces, 'lookBackOf').mockResolvedValueOnce(undefined);
    await upgraded.start();
    await upgraded.startupWork();
    await upgraded.stop();
    // (Stopped at its first batch, as a minute's look-back that lost its place does, it left the
    // ticket saved three hours ago, behind the minute job's hour, to none.)
    expect(numbers(await command('list overdue'))).toEqual([late]);
  });

  test("a whole pass that fails every minute does not keep the minute job's look-back from a ticket saved in the old shape behind where the passes got to", async () => {
    const late = await oldShapeBehindCursor(3 * 60 * 60_000);
    const tickets = app.desk.services.tickets;
    const pass = tickets.backfillPausedDueAt.bind(tickets);
    const failing = vi
      .spyOn(tickets, 'backfillPausedDueAt')
      .mockImplementation(async (ctx, options = {}) => {
        if (options.changedSince) return pass(ctx, options);
        throw new Error('a record the pass cannot compute');
      });
    try {
      const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(run!.error).toBeUndefined();
      // (The version before skipped the look-back with the pass: not listed.)
      expect(numbers(await command('list overdue'))).toEqual([late]);
      const ws = await workspaceDoc();
      expect(ws.migrations?.pausedDueAt).toBeUndefined();
      expect(ws.migrationLeases?.pausedDueAt).toBeUndefined();
    } finally {
      failing.mockRestore();
    }
  });

  test('the passes keep when the first of them began with where they got to', async () => {
    await overdueAfterPaused(2 * CLOCK_BATCH);
    app.clock.set('2026-11-24T07:00:00Z');
    const cursor = async () => (await workspaceDoc()).migrationCursors?.pausedDueAt;
    const slices = oneBatchABackfillPass();
    try {
      const before = Date.now();
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      const first = await cursor();
      expect(first?.since.getTime()).toBeGreaterThanOrEqual(before);
      expect(first?.since.getTime()).toBeLessThanOrEqual(Date.now());
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
      const second = await cursor();
      expect(second!.after > first!.after).toBe(true);
      expect(second?.since).toEqual(first!.since);
    } finally {
      slices.mockRestore();
    }
  });

  test("the minute job's look-back goes on each minute after the last ticket the minute before read: an overdue ticket an older instance saved after more rightly paused ones than a minute reads is listed", async () => {
    // Saved in the last hour, by an older instance, in a workspace stamped done: the look-back's.
    const late = await overdueAfterPaused(CLOCK_BATCH, 10 * 60_000);
    await stampedDone(30 * 60_000);
    app.clock.set('2026-11-24T07:00:00Z');
    const lookBack = async () => (await workspaceDoc()).migrationLookBacks?.pausedDueAt;
    // A minute's look-back (its own PAUSED_DUE_JOB_MS) that has time for one batch only.
    const slices = oneBatchAPass();
    try {
      const before = Date.now();
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(numbers(await command('list overdue'))).toEqual([]);
      const first = await lookBack();
      // The next minute reads on from there over the same saves, not those 200 again (the
      // version before read the same first ones every minute: the overdue one never listed).
      const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
      expect(run!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
      expect(first?.after).toBeDefined();
      expect(first!.from.getTime()).toBeLessThanOrEqual(before - 10 * 60_000);
      expect(slices.mock.calls.at(-1)![1]).toMatchObject({
        after: first!.after,
        changedSince: first!.from,
      });
      expect((await lookBack())?.after).toBeUndefined();
    } finally {
      slices.mockRestore();
    }
  });

  test('after a look-back that read every ticket, the next one its cap stops goes on from its place the next minute, not anew from the stamp: the overdue ticket after more rightly paused ones than a minute reads is listed', async () => {
    const late = await overdueAfterPaused(CLOCK_BATCH, 10 * 60_000);
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'migrations.pausedDueAt': new Date(Date.now() - 10 * 60 * 60_000),
          // One that read every ticket two minutes ago (the steady state after the first).
          'migrationLookBacks.pausedDueAt': {
            from: new Date(Date.now() - 3 * 60 * 60_000),
            began: new Date(Date.now() - 2 * 60_000),
          },
        },
      },
      { timestamps: false },
    );
    app.desk.services.workspaces.forget();
    app.clock.set('2026-11-24T07:00:00Z');
    const lookBack = async () => (await workspaceDoc()).migrationLookBacks?.pausedDueAt;
    // A minute's look-back that has time for one batch only.
    const slices = oneBatchAPass();
    try {
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(numbers(await command('list overdue'))).toEqual([]);
      const first = await lookBack();
      expect(first?.after).toBeDefined();
      // (The version before began it anew from the stamp: the same first 200 read again.)
      const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
      expect(slices.mock.calls.at(-1)![1]).toMatchObject({
        after: first!.after,
        changedSince: first!.from,
      });
      expect(run!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
    } finally {
      slices.mockRestore();
    }
  });

  test("two instances' minute runs at once do not both go on from the look-back's place: the one whose kept place another moved meanwhile stops and leaves it", async () => {
    await overdueAfterPaused(2 * CLOCK_BATCH, 10 * 60_000);
    await stampedDone(30 * 60_000);
    app.clock.set('2026-11-24T07:00:00Z');
    const kept = async () => (await workspaceDoc()).migrationLookBacks?.pausedDueAt;
    const slices = oneBatchAPass();
    const workspaces = app.desk.services.workspaces;
    const read = workspaces.lookBackOf.bind(workspaces);
    // The other instance's run moves it right after this one read it.
    const other = { from: new Date(Date.now() - 2 * 60 * 60_000), began: new Date(), after: 'T' };
    const reads = vi.spyOn(workspaces, 'lookBackOf').mockImplementationOnce(async (...args) => {
      const was = await read(...args);
      await app.db.models.workspaces.updateOne(
        { teamId: FAKE_TEAM_ID },
        { $set: { 'migrationLookBacks.pausedDueAt': other } },
        { timestamps: false },
      );
      return was;
    });
    try {
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(await kept()).toEqual(other);
    } finally {
      slices.mockRestore();
      reads.mockRestore();
    }
  });

  /**
   * A waiting ticket an hour overdue when it was paused at 13:00, in a workspace whose backfill
   * was stamped done `stampedAgo` ms ago (wall clock). Its number, and a raw write of the
   * far-future due time through the model, as an older instance saves it (now, wall clock).
   */
  async function stampedWithLate(stampedAgo: number) {
    const late = await waitingAnHourLate();
    await stampedDone(stampedAgo);
    app.clock.set('2026-11-24T07:00:00Z');
    const oldShape = () =>
      app.db.models.tickets.updateOne({ number: late }, { $set: { dueAt: PAUSED_DUE_AT } });
    const dueAtOf = async () =>
      (await app.db.models.tickets.findOne({ number: late }).lean())!.dueAt;
    return { late, oldShape, dueAtOf };
  }

  test("a ticket an older instance saves the old way while the minute job does not run for two hours is listed overdue by its next run: it looks at every save since the last look-back, not just the hour's", async () => {
    const { late, oldShape } = await stampedWithLate(30 * 60_000);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      await oldShape();
      // No run for two hours (the instances running it were down, or it failed every minute).
      vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
      const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T09:01:00Z');
      // (The version before looked at the last hour only: the ticket saved two hours ago was
      // never listed.)
      expect(run!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('while the look-back finds tickets an older instance saved the old way (a slow rollout, a rollback), it keeps looking past the day after the stamp, and stops a day after the last it found', async () => {
    const { late, oldShape, dueAtOf } = await stampedWithLate(23 * 60 * 60_000);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const workspaces = app.desk.services.workspaces;
    try {
      await oldShape();
      const [first] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      expect(first!.counts).toMatchObject({ pausedDue: 1 });
      // Two hours on, 25 hours after the stamp: an older instance still alive saves it so again.
      vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
      await oldShape();
      const [again] = await runJobAt(app, slaAlertsJob, '2026-11-24T09:01:00Z');
      // (The version before read none a day after the stamp: never listed.)
      expect(again!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
      // A day after the last one found, with none found meanwhile: once a look-back that read
      // every save since the last run began after it (the first run after the day), it reads
      // none, and this instance reads not even where it got to again.
      vi.setSystemTime(Date.now() + PAUSED_DUE_ROLLOUT_MS);
      const [last] = await runJobAt(app, slaAlertsJob, '2026-11-25T09:02:00Z');
      expect(last!.counts).not.toHaveProperty('pausedDue');
      await oldShape();
      const looked = vi.spyOn(app.desk.services.tickets, 'backfillPausedDueAt');
      const kept = vi.spyOn(workspaces, 'lookBackOf');
      try {
        const [later] = await runJobAt(app, slaAlertsJob, '2026-11-25T09:03:00Z');
        expect(later!.counts).not.toHaveProperty('pausedDue');
        await runJobAt(app, slaAlertsJob, '2026-11-25T09:04:00Z');
        expect(looked).not.toHaveBeenCalled();
        expect(kept).toHaveBeenCalledTimes(1);
        expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
      } finally {
        looked.mockRestore();
        kept.mockRestore();
      }
    } finally {
      vi.useRealTimers();
    }
  });

  test('a ticket an older version run again saves the old way after the look-back ended (a day without one found) is listed overdue by its daily look-back, without a read each minute meanwhile', async () => {
    const { late, oldShape, dueAtOf } = await stampedWithLate(2 * PAUSED_DUE_ROLLOUT_MS);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    const workspaces = app.desk.services.workspaces;
    try {
      // A day past the stamp: one last look-back, then ended.
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
      await runJobAt(app, slaAlertsJob, '2026-11-24T07:02:00Z');
      // Hours later an older version is run again (a rollback) and saves the ticket so.
      vi.setSystemTime(Date.now() + 5 * 60 * 60_000);
      await oldShape();
      const kept = vi.spyOn(workspaces, 'lookBackOf');
      try {
        const [quiet] = await runJobAt(app, slaAlertsJob, '2026-11-24T12:03:00Z');
        expect(quiet!.counts).not.toHaveProperty('pausedDue');
        expect(kept).not.toHaveBeenCalled();
      } finally {
        kept.mockRestore();
      }
      expect(await dueAtOf()).toEqual(PAUSED_DUE_AT);
      // A day after the last look-back: the saves since it are read.
      vi.setSystemTime(Date.now() + PAUSED_DUE_RECHECK_MS);
      const [daily] = await runJobAt(app, slaAlertsJob, '2026-11-25T12:04:00Z');
      // (The version before read none ever again: listed only after its next change.)
      expect(daily!.counts).toMatchObject({ pausedDue: 1 });
      expect(numbers(await command('list overdue'))).toEqual([late]);
      // Found one: it looks every minute again (an older instance is alive).
      await oldShape();
      const [next] = await runJobAt(app, slaAlertsJob, '2026-11-25T12:05:00Z');
      expect(next!.counts).toMatchObject({ pausedDue: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  test("a ticket an older instance saves the old way in the last minute before the look-back's day is up is listed overdue: the run after the day reads the saves since the last one before it ends", async () => {
    const { late, oldShape, dueAtOf } = await stampedWithLate(0);
    // Wall clock, as `updatedAt` and the stamp are: the last minute's look-back read every ticket
    // and began a minute ago, the older instance saved the ticket the old way 40 s ago, and the
    // day since the stamp was up 20 s ago.
    await oldShape();
    const wall = Date.now();
    await app.db.models.tickets.updateOne(
      { number: late },
      { $set: { updatedAt: new Date(wall - 40_000) } },
      { timestamps: false },
    );
    await app.db.models.workspaces.updateOne(
      { teamId: FAKE_TEAM_ID },
      {
        $set: {
          'migrations.pausedDueAt': new Date(wall - 20_000 - PAUSED_DUE_ROLLOUT_MS),
          'migrationLookBacks.pausedDueAt': {
            from: new Date(wall - 2 * 60 * 60_000),
            began: new Date(wall - 60_000),
          },
        },
      },
      { timestamps: false },
    );
    app.desk.services.workspaces.forget();
    const [run] = await runJobAt(app, slaAlertsJob, '2026-11-24T07:01:00Z');
    // (The version before ended the look-back before reading the saves since the last run: never
    // written, never listed.)
    expect(run!.counts).toMatchObject({ pausedDue: 1 });
    expect(await dueAtOf()).not.toEqual(PAUSED_DUE_AT);
    expect(numbers(await command('list overdue'))).toEqual([late]);
  });

  test('tickets saved before due times were stored get them from the sla-alerts job', async () => {
    const { number } = await makeTicket(app, { severity: 'urgent' });
    // As a ticket saved by the previous version was: no due times.
    await app.db.models.tickets.updateOne(
      { number },
      { $unset: { dueAt: '', responseDueAt: '', resolutionDueAt: '' } },
    );
    const late = '2026-11-24T05:00:00Z';
    app.clock.set(late);
    expect(numbers(await command('list overdue'))).toEqual([]);
    await runJobAt(app, slaAlertsJob, late);
    const stored = await app.db.models.tickets.findOne({ number }).lean();
    expect(stored!.responseDueAt).toEqual(new Date('2026-11-24T04:00:00Z'));
    expect(numbers(await command('list overdue'))).toEqual([number]);
  });
});

describe('every ticket is one click away', () => {
  test('numbers link to the card once it is posted; Open shows the card privately, or in a modal from App Home; Claim from a list confirms', async () => {
    const ticket = await makeTicket(app);
    const stored = await app.db.models.tickets.findOne({ number: ticket.number }).lean();
    const permalink = `https://fake.slack.test/archives/${TRIAGE}/p${stored!.card!.ts!.replace('.', '')}`;
    expect(stored!.card!.permalink).toBe(permalink);

    // The account manager's DM carries Open.
    const dm = app.fake.tookCalls('chat.postMessage').find((c) => c.args.channel === OWNER)!;
    expect(JSON.stringify(dm.args.blocks)).toContain('"action_id":"ticket_open"');

    // A list row links the number to the card.
    const list = await command('list open');
    expect(JSON.stringify(list.blocks)).toContain(`*<${permalink}|${ticket.number}>*`);

    // Open from the list: the card, only for the clicker, with its buttons.
    await app.slack.blockAction(
      { action_id: 'ticket_open', value: ticket.number, block_id: 'ticket_row_0' },
      { userId: AGENT2, ephemeral: true },
    );
    const shown = lastResponse();
    expect(shown.replace_original).toBe(false);
    expect(JSON.stringify(shown.blocks)).toContain(`${ticket.number} · Spindle error`);
    expect(JSON.stringify(shown.blocks)).toContain('"action_id":"ticket_claim"');

    // Open from App Home (no message to answer under): a modal with a link to the card.
    await app.slack.blockAction(
      { action_id: 'ticket_open', value: ticket.number, block_id: 'b1' },
      { userId: AGENT2, view: { id: 'V0HOME0001', type: 'home' } },
    );
    const modal = JSON.stringify(app.fake.callsTo('views.open').at(-1)!.args.view);
    expect(modal).toContain(`${ticket.number} · Spindle error`);
    expect(modal).toContain(`<${permalink}|Go to its card and thread>`);
    expect(modal).not.toContain('ticket_claim');

    // Claim from the list: done, and said there with the number linked.
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_row_0' },
      { userId: AGENT2, ephemeral: true },
    );
    expect(lastResponse().text).toBe(`You have *<${permalink}|${ticket.number}>* now.`);
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.assigneeId,
    ).toBe(AGENT2);

    // The escalation post links the number and carries Open.
    await act(
      app,
      ticket.number,
      { action: 'escalate', reason: 'needs L2', expertId: AGENT },
      AGENT2,
    );
    const post = app.fake.tookPostsTo(ESCALATION).at(-1)!;
    expect(String(post.args.text)).toContain(`<${permalink}|${ticket.number}>`);
    expect(JSON.stringify(post.args.blocks)).toContain('"action_id":"ticket_open"');
  });
});

describe('a click on App Home that cannot be done', () => {
  test('Claim on a Home that still shows a ticket someone else claimed: told over App Home in a modal, not by DM', async () => {
    const ticket = await makeTicket(app, { title: 'Spindle error' });
    await act(app, ticket.number, { action: 'claim' }, AGENT);
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: ticket.number, block_id: 'b1' },
      { userId: AGENT2, view: { id: 'V0HOME0001', type: 'home' } },
    );
    const shown = app.fake.callsTo('views.open').slice(opened);
    expect(shown.map((c) => (c.args.view as any).title.text)).toEqual(['Not done']);
    expect(JSON.stringify((shown[0]!.args.view as any).blocks)).toContain(
      `${ticket.number} is already claimed (by <@${AGENT}>)`,
    );
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === AGENT2)).toEqual(
      [],
    );
    expect(
      (await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.assigneeId,
    ).toBe(AGENT);
  });
});

describe('App Home, per person', () => {
  async function setUp() {
    await app.setSettings(() => ({ admins: [ADMIN] }));
    const customer = await makeCustomer(app, { contractEndDate: '2026-12-10' });
    // Resolved on Tuesday by the agent: its day-3 revisit is due on Friday.
    const resolved = (await makeTicket(app, { customerCode: customer.code })).number;
    await act(app, resolved, { action: 'claim' });
    await act(app, resolved, { action: 'resolve', summary: 'Replaced the gasket' });
    // Friday 10:00.
    app.clock.set('2026-11-27T02:00:00Z');
    const waiting = (await makeTicket(app, { customerCode: customer.code }, REQUESTER)).number;
    await claimedWaiting(waiting);
    const urgent = (
      await makeTicket(app, { customerCode: customer.code, severity: 'urgent' }, REQUESTER)
    ).number;
    const escalated = (await makeTicket(app, { customerCode: customer.code })).number;
    // Escalated by the desk while it had neither experts nor managers: nobody could take it.
    await act(app, escalated, { action: 'escalate', reason: 'breach' }, SYSTEM_ACTOR);
    await app.setSettings(() => ({ managers: [MANAGER] }));
    // 11:30: the urgent one is due at 12:00.
    app.clock.set('2026-11-27T03:30:00Z');
    return { resolved, waiting, urgent, escalated };
  }

  test('an agent, a requester, an account manager, a manager and an admin each see their own, in English and Chinese', async () => {
    const { waiting, urgent, escalated } = await setUp();

    const agent = await homeOf(AGENT);
    expect(agent).toContain('*Your open tickets* (1), due first');
    expect(agent).toContain(waiting);
    expect(agent).toContain('paused, waiting on the customer');
    expect(agent).toContain('*Your tasks due today and overdue* (1)');
    expect(agent).toContain('"action_id":"task_done_open"');
    expect(agent).toContain('"action_id":"ticket_open"');
    expect(agent).not.toContain('Team');
    expect(agent).not.toContain('home_settings_open');

    const requester = await homeOf(REQUESTER);
    expect(requester).toContain('*Waiting on you* (1)');
    expect(requester).toContain(waiting);
    expect(requester).toContain('No open tickets are assigned to you.');

    const owner = await homeOf(OWNER);
    expect(owner).toContain('*Your customers with signals* (1)');
    expect(owner).toContain('contract ends 2026-12-10');

    const manager = await homeOf(MANAGER);
    expect(manager).toContain('*Unassigned* (2)');
    expect(manager).toContain('*Breaching within the hour* (1)');
    expect(manager).toMatch(new RegExp(`Breaching within the hour\\* \\(1\\)"[^]*?${urgent}`));
    expect(manager).toContain('*Escalated and unassigned* (1)');
    expect(manager).toMatch(new RegExp(`Escalated and unassigned\\* \\(1\\)"[^]*?${escalated}`));
    expect(manager).toContain('*This week so far* (since 2026-11-23)');
    expect(manager).toContain(
      'Opened 4 · Resolved 1 · First response on time 100% · First-contact resolution 100%',
    );
    expect(manager).toContain('Every Slack message the desk sent has been delivered.');
    expect(manager).not.toContain('home_settings_open');

    let admin = await homeOf(ADMIN);
    expect(admin).toContain('"action_id":"home_settings_open"');
    expect(admin).toContain('"action_id":"home_roles_open"');
    expect(admin).toContain('No holidays are entered for the next 12 months');
    expect(admin).not.toContain('No triage channel');
    // Slack refuses the desk in the triage channel: the admin is told which channel.
    app.fake.failNext('chat.postMessage', 'not_in_channel', 5);
    const customer = await app.db.models.customers.findOne({}).lean();
    await makeTicket(app, { customerCode: customer!.code });
    admin = await homeOf(ADMIN);
    expect(admin).toContain(`<#${TRIAGE}>`);
    expect(admin).toContain('not invited, or the channel is gone');
    await app.setSettings(({ channels: { triage: _gone, ...channels }, businessHours }) => ({
      managers: [],
      channels,
      businessHours: { ...businessHours, holidays: ['2027-02-17'] },
    }));
    admin = await homeOf(ADMIN);
    expect(admin).toContain('No triage channel is set');
    expect(admin).toContain('No managers are set');
    expect(admin).not.toContain('No holidays are entered');

    await app.setSettings(() => ({ locale: 'zh-CN', managers: [MANAGER] }));
    const zhAgent = await homeOf(AGENT);
    expect(zhAgent).toContain('*我的未结工单*（1），按到期时间排序');
    expect(zhAgent).toContain('已暂停，等待客户');
    expect(zhAgent).toContain('*今天到期和已逾期的任务*（1）');
    const zhManager = await homeOf(MANAGER);
    expect(zhManager).toContain('*一小时内将超时*（1）');
    expect(zhManager).toContain('*本周至今*（自 2026-11-23 起）');
    const zhAdmin = await homeOf(ADMIN);
    expect(zhAdmin).toContain('尚未设置分诊频道');
    expect(await homeOf(REQUESTER)).toContain('*等待你回复*（1）');
  });

  test("a manager's Home lists as overdue a ticket already overdue when it was set waiting, as /ticket list overdue does; one paused in time is neither overdue nor breaching", async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const { customer, late, inTime } = await waitingLateAndInTime();
    // Due at 15:00; at 14:30 it breaches within the hour.
    const soon = await urgentTicket(customer.code);
    await act(app, soon, { action: 'claim' });

    app.clock.set('2026-11-24T06:30:00Z');
    expect(numbers(await command('list overdue'))).toEqual([late]);
    const manager = await homeOf(MANAGER);
    /** The Home's team section headed `title`, up to the next heading. */
    const section = (title: string, next: string) =>
      manager.slice(manager.indexOf(title), manager.indexOf(next));
    expect(manager).toContain('*Overdue* (1)');
    const overdue = section('*Overdue*', '*Escalated and unassigned*');
    expect(overdue).toContain(late);
    expect(overdue).toContain('paused, waiting on the customer; Response: overdue by 1 h');
    expect(overdue).not.toContain(inTime);
    // A waiting ticket's clocks stand still: the paused-in-time one is not about to breach.
    expect(manager).toContain('*Breaching within the hour* (1)');
    const breaching = section('*Breaching within the hour*', '*Overdue*');
    expect(breaching).toContain(soon);
    expect(breaching).not.toContain(inTime);
    expect(breaching).not.toContain(late);
  });

  test('more tasks due than the Home shows: "…and N more" points to `/task mine`, in English and Chinese', async () => {
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const { code } = await makeCustomer(app);
    for (let i = 1; i <= 7; i++)
      await app.desk.services.tasks.createManual(await ctxOf(app, OWNER), {
        customerCode: code,
        kind: 'call',
        assigneeId: AGENT,
        dueDate: '2026-11-24',
        content: `Call them ${i}`,
        submissionId: `tasks-more-${i}`,
      });
    expect(await homeOf(AGENT)).toContain('…and 2 more: `/task mine` lists them all.');
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await homeOf(AGENT)).toContain('……另有 2 项，用 `/task mine` 查看全部。');
  });

  test("an account manager's Home lists their customers' tickets nobody holds, capped, and drops one once claimed", async () => {
    const OTHER_OWNER = 'U0OWNER002';
    await app.setSettings(() => ({
      openDesk: false,
      agents: [AGENT],
      accountManagers: [OWNER, OTHER_OWNER],
    }));
    // Nothing yet: the section says so.
    expect(await homeOf(OWNER)).toContain('Every open ticket of your customers has someone on it.');
    const theirs = await makeCustomer(app);
    const others = await makeCustomer(app, { name: 'Other Co', ownerId: OTHER_OWNER });
    const made: string[] = [];
    for (let i = 0; i < 7; i++)
      made.push((await makeTicket(app, { customerCode: theirs.code })).number);
    const notTheirs = (await makeTicket(app, { customerCode: others.code })).number;
    await act(app, made[0]!, { action: 'claim' });

    let home = await homeOf(OWNER);
    expect(home).toContain("*Your customers' tickets nobody holds* (6), due first");
    // Linked numbers (the commands' help names T20260001 as an example).
    const listed = (view: string) => [...view.matchAll(/\|(T2026\d{4})>/g)].map((m) => m[1]);
    expect(listed(home)).toEqual(made.slice(1, 6));
    // The rest are among the team's unassigned tickets (revhome F3).
    expect(home).toContain('…and 1 more: `/ticket list unassigned` lists them.');
    expect(listed(home)).not.toContain(notTheirs);
    expect(await homeOf(OTHER_OWNER)).toContain("*Your customers' tickets nobody holds* (1)");

    // Claimed through its card button: the account manager's Home is refreshed without it.
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: made[1]!, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const refreshed = app.fake.callsTo('views.publish').find((c) => c.args.user_id === OWNER);
    home = JSON.stringify(refreshed!.args.view);
    expect(home).toContain("*Your customers' tickets nobody holds* (5), due first");
    expect(listed(home)).toEqual(made.slice(2, 7));
    expect(home).not.toContain('…and');

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await homeOf(OWNER)).toContain('*你的客户无人处理的工单*（5），按到期时间排序');
  });

  test("a ticket an agent files for a requester waits on the requester: on their Home, refreshed for them, not on the filer's", async () => {
    const customer = await makeCustomer(app);
    const lastView = () => app.fake.callsTo('views.open').at(-1)!.args.view as never;
    // The agent files it through /ticket new, naming the requester (a Slack user).
    await app.slack.command('/ticket', 'new Line 3 is down', { userId: AGENT });
    const submitted = await app.slack.submitView(
      lastView(),
      {
        customer: customer.code,
        severity: 'general',
        type: 'after_sales',
        description: 'E42',
        requester: REQUESTER,
      },
      { userId: AGENT },
    );
    expect(submitted.body).toBe('');
    const ticket = (await app.db.models.tickets.findOne().sort({ createdAt: -1, _id: -1 }).lean())!;
    expect(ticket.createdBy).toBe(AGENT);
    expect(ticket.requester).toEqual({ userId: REQUESTER });
    const click = (actionId: string) =>
      app.slack.blockAction(
        { action_id: actionId, value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT2, channelId: TRIAGE },
      );
    // Another agent claims it and puts it in wait, asking the requester.
    await click('ticket_claim');
    await click('ticket_wait_open');
    await app.slack.submitView(lastView(), { question: 'Which firmware?' }, { userId: AGENT2 });
    expect((await app.db.models.tickets.findOne({ number: ticket.number }).lean())!.status).toBe(
      'waiting',
    );

    // The Homes the wait shows on are refreshed: the requester's, not the filer's.
    app.fake.reset();
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const published = app.fake.callsTo('views.publish').map((c) => String(c.args.user_id));
    expect(published).toContain(REQUESTER);
    expect(published).not.toContain(AGENT);
    const requesterHome = JSON.stringify(
      app.fake.callsTo('views.publish').find((c) => c.args.user_id === REQUESTER)!.args.view,
    );
    expect(requesterHome).toContain('*Waiting on you* (1)');
    expect(requesterHome).toContain(`"value":"${ticket.number}"`);

    // Opened again: the requester sees it waiting on them; the agent who filed it does not.
    const requester = await homeOf(REQUESTER);
    expect(requester).toContain('*Waiting on you* (1)');
    expect(requester).toContain(`"value":"${ticket.number}"`);
    const filer = await homeOf(AGENT);
    expect(filer).toContain('*Waiting on you* (0)');
    expect(filer).toContain('Nothing waits on you.');
    // (The help's example is T20260001 too: the rows are read by their Open button.)
    expect(filer).not.toContain(`"value":"${ticket.number}"`);
    expect(await homeOf(AGENT2)).toContain('*Waiting on you* (0)');
  });

  test("the daily jobs refresh the Homes they change: a contract signal shows on its owner's Home", async () => {
    await makeCustomer(app, { name: 'Contract Co', contractEndDate: '2026-12-10' });
    // The customer-signals job at the day's start (09:00 Shanghai) tells the owner...
    await runJobAt(app, customerSignalsJob, '2026-11-25T01:00:30Z');
    expect(app.fake.callsTo('views.publish')).toHaveLength(0);
    // ...and, a few seconds later, publishes the owner's Home with the customer on it.
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    const published = app.fake.callsTo('views.publish');
    expect(published.map((c) => c.args.user_id)).toEqual([OWNER]);
    expect(JSON.stringify(published[0]!.args.view)).toContain('*Your customers with signals* (1)');
  });

  test('a burst of changes publishes each affected Home once, a few seconds later, even with two instances delivering', async () => {
    await app.setSettings(() => ({ managers: [MANAGER] }));
    const customer = await makeCustomer(app);
    const tickets = [];
    for (let i = 0; i < 4; i++)
      tickets.push((await makeTicket(app, { customerCode: customer.code }, REQUESTER)).number);
    await act(app, tickets[0]!, { action: 'claim' });
    await act(app, tickets[1]!, { action: 'claim' });
    await act(app, tickets[2]!, { action: 'claim' }, AGENT2);
    await act(app, tickets[2]!, { action: 'note', text: 'called' }, AGENT2);
    await act(app, tickets[1]!, { action: 'wait' });
    // Nothing published yet: the request delivered its card and thread only.
    expect(app.fake.callsTo('views.publish')).toHaveLength(0);
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('views.publish')).toHaveLength(0);

    app.clock.advance(4000);
    await Promise.all([app.desk.outbox.drain(), app.instance('b').outbox.drain()]);
    const published = app.fake.callsTo('views.publish').map((c) => String(c.args.user_id));
    // The customer's owner too: their Home lists its tickets nobody holds.
    expect(published.sort()).toEqual([AGENT, AGENT2, MANAGER, REQUESTER, OWNER].sort());
    const agentHome = JSON.stringify(
      app.fake.callsTo('views.publish').find((c) => c.args.user_id === AGENT)!.args.view,
    );
    expect(agentHome).toContain('*Your open tickets* (2), due first');
    expect(await app.db.models.outbox.countDocuments({ kind: 'home', state: 'pending' })).toBe(0);

    // One more change: only the Homes it shows on, once.
    app.fake.reset();
    await act(app, tickets[3]!, { action: 'claim' }, AGENT2);
    app.clock.advance(4000);
    await app.desk.outbox.drain();
    expect(
      app.fake
        .callsTo('views.publish')
        .map((c) => String(c.args.user_id))
        .sort(),
    ).toEqual([AGENT2, MANAGER, REQUESTER, OWNER].sort());
  });
});

/**
 * An urgent ticket of a new customer set waiting at 13:00, an hour after its first response was
 * due (12:00). Its number.
 */
async function waitingAnHourLate() {
  const customer = await makeCustomer(app);
  const late = await urgentTicket(customer.code);
  app.clock.set('2026-11-24T05:00:00Z');
  await claimedWaiting(late);
  return late;
}

/**
 * Two urgent tickets set waiting on the customer: `inTime` at once (before its clock ran out),
 * `late` at 13:00, an hour after its first response was due (12:00).
 */
async function waitingLateAndInTime() {
  const customer = await makeCustomer(app);
  const late = await urgentTicket(customer.code);
  const inTime = await urgentTicket(customer.code);
  await claimedWaiting(inTime);
  app.clock.set('2026-11-24T05:00:00Z');
  await claimedWaiting(late);
  return { customer, late, inTime };
}
