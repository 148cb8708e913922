// Personal data (#12) of a person known to the desk only by their Slack user id (a customer's
// person in Slack Connect, a guest): `/desk privacy export user:…` shares what is held about them
// in the admin's DM, and `/desk privacy erase user:…` asks first in the erase modal, then leaves
// nothing of what they typed, nor their user id, in any collection (a scan of every string),
// through the real Bolt stack (signed requests, fake Slack).
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { outboxJob } from '../../jobs/outbox.js';
import { TicketNotifier } from '../../src/notify/tickets.js';
import { TicketService } from '../../src/ticket/service.js';
import { DataSubjectRepository } from '../../src/privacy/repository.js';
import { type ErasureLease } from '../../src/privacy/service.js';
import { useTestApp } from '../helpers/app.js';
import { scanStrings } from '../helpers/db.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID, FAKE_TEAM_ID, type RecordedCall } from '../helpers/fake-slack.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { eraseUserCutAfterResume, heldIn, tryEraseUser, userKey } from '../helpers/privacy.js';
import { claimedDuplicate, submitLastModal } from '../helpers/clicks.js';
import { captureLogs } from '../helpers/logs.js';
import { jobDepsOf } from '../../src/app.js';
import { runDue } from '../../src/schedule/runner.js';
import { messageEvent } from '../helpers/slack-requests.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const DM = `D${ADMIN.slice(1)}`;
const TRACES = [REQ, 'Coolant leak on line 3', 'Coolant on the floor', 'Photos of the leak'];

const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01', ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/**
 * Every string in the database that contains one of `needles`, once the outbox has delivered
 * what is due (an erasure's own self-deleting Home entry holds the person's id until then, as
 * the running app's worker delivers it at once).
 */
const scan = async (needles: string[]) => {
  await app.desk.outbox.drain();
  return scanStrings(app.db, needles);
};

/** What the person who typed the command was told, in order (ephemeral replies). */
const told = () => app.fake.callsTo('response_url').map((c) => String(c.args.text));

/** Erase pressed by ADMIN on the erase modal (view `id`) of the Slack user REQ. */
const submitErase = (id: string) =>
  app.slack.submitView(
    {
      id,
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ subjectUser: REQ }),
      blocks: [],
    },
    {},
    { userId: ADMIN },
  );

/**
 * REQ's scrub failing ("database unavailable") when it writes (after the resume), a count (or
 * another person's) run as it is: the spy, to restore.
 */
function failScrubAfterResume() {
  const proto = DataSubjectRepository.prototype;
  const original = proto.scrubUser;
  return vi.spyOn(proto, 'scrubUser').mockImplementation(async function (
    this: DataSubjectRepository,
    ...args: Parameters<DataSubjectRepository['scrubUser']>
  ) {
    if (args[1] === REQ && args[2]) throw new Error('database unavailable');
    return original.apply(this, args);
  });
}

/**
 * The outbox upkeep's two passes, at 02:10 (its counts matching `counts`) and 02:20 (runJobAt
 * clears the fake's record first: each pass read before the next): the assignee (by DM) and the
 * ticket's triage thread told of the resume once, in all, and none of TRACES in it.
 */
async function resumeToldOnce(counts: Record<string, number>) {
  const toldOfIt = () => [
    ...app.fake.postsTo(AGENT).map((c) => String(c.args.text)),
    ...app.fake
      .postsTo('C0TRIAGE01')
      .filter((c) => c.args.thread_ts)
      .map((c) => String(c.args.text)),
  ];
  const seen: string[] = [];
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
  expect(run!.counts).toMatchObject(counts);
  seen.push(...toldOfIt());
  await runJobAt(app, outboxJob, '2026-11-24T02:20:00Z');
  seen.push(...toldOfIt());
  expect(seen).toEqual([
    expect.stringContaining('is back in progress: the desk resumed it because its requester’s'),
    'The desk resumed work. The SLA clock runs again.',
  ]);
  for (const text of seen) for (const trace of TRACES) expect(text).not.toContain(trace);
}

let code = '';
let number = '';
beforeEach(async () => {
  await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
  const customer = await makeCustomer(app, { name: 'Huadong Machinery' });
  code = customer.code;
  const ticket = await makeTicket(app, {
    customerCode: code,
    title: 'Coolant leak on line 3',
    description: 'Coolant on the floor',
    requester: { userId: REQ, via: 'slack' },
  });
  number = ticket.number;
  await act(app, number, { action: 'claim' }, AGENT);
  await act(app, number, { action: 'note', text: 'Photos of the leak', said: 'reply' }, REQ);
  await ctxOf(app, REQ);
  app.clock.advance(4000);
  await app.desk.outbox.drain();
});

describe('a person in Slack, by user id', () => {
  test('/desk privacy export user:<@…>: their tickets in full, as files in the admin’s DM; logged without their id', async () => {
    await app.slack.command('/desk', `privacy export user:<@${REQ}|wang>`, { userId: ADMIN });
    expect(told()).toEqual([
      `Preparing the export of <@${REQ}>… The files will arrive in your DM with the desk.`,
      // Their ticket, and the records of where the desk's two notices to them went (ticket_posts).
      expect.stringContaining(`The export of Slack user <@${REQ}> (3 documents, JSON and CSV)`),
    ]);
    const files = app.fake.sharedFiles(DM);
    // Named after the start of their userKey, not their id.
    const base = `slack-user-${userKey(FAKE_TEAM_ID, REQ).slice(4, 12)}-2026-11-24`;
    expect(files.map((f) => f.filename)).toEqual([`${base}.json`, `${base}.csv`]);
    const json = JSON.parse(files[0]!.content!.toString('utf8'));
    expect(json.tickets.map((t: { number: string }) => t.number)).toEqual([number]);
    expect(json.tickets[0]).toMatchObject({ title: 'Coolant leak on line 3' });
    expect(json.ticketPosts).toHaveLength(2);
    for (const post of json.ticketPosts) expect([post.to, post.channel]).toContain(REQ);
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.by, e.subject])).toEqual([
      ['export.subject', ADMIN, `${code} contact`],
    ]);
    expect(JSON.stringify(log)).not.toContain(REQ);

    // A member ID typed as it is does the same; a typed @name is no member: told how.
    await app.slack.command('/desk', `privacy export user: ${REQ}`, { userId: ADMIN });
    expect(told().at(-1)).toContain(`The export of Slack user <@${REQ}> (3 documents`);
    const named = await app.slack.command('/desk', 'privacy export user:@wang', { userId: ADMIN });
    expect(JSON.stringify(named.body)).toContain('Name the person by their Slack member ID');
    // The same permission as the export by customer.
    const refused = await app.slack.command('/desk', `privacy export user:<@${REQ}>`, {
      userId: OWNER,
    });
    expect(JSON.stringify(refused.body)).toContain(
      `Only an admin of the desk can handle data-subject requests and read the privacy log: ask <@${ADMIN}>.`,
    );
    expect(await app.db.models.privacyLog.countDocuments()).toBe(2);
  });

  test('/desk privacy erase user:<@…>: the erase modal says what stays and goes; Erase leaves nothing of theirs in any collection; the card is shown again', async () => {
    // They opened their App Home: when is kept with their id (home_opens), erased too.
    await app.slack.event({
      type: 'app_home_opened',
      user: REQ,
      channel: 'D0HOME0001',
      tab: 'home',
    });
    expect(await app.db.models.homeOpens.countDocuments({ userId: REQ })).toBe(1);
    expect((await scan(TRACES)).length).toBeGreaterThan(3);
    const cardTs = (await app.db.models.tickets.findOne({ number }).lean())!.card.ts;
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const update = app.fake.callsTo('views.update').at(-1)!;
    const modal = update.args.view as Record<string, any>;
    expect(modal.callback_id).toBe('privacy_erase');
    const blocks = JSON.stringify(modal.blocks);
    expect(blocks).toContain(`This erases what the desk holds of <@${REQ}>, a requester in Slack`);
    expect(blocks).toContain(
      "the ticket they requested stays as the customer's service record, the requester shown as `[erased]`, their report and their survey comment erased (the scores stay)",
    );
    expect(blocks).toContain('They have no entry or survey answer on other tickets.');
    expect(blocks).not.toContain('on 0 other tickets');
    expect(blocks).toContain('the desk cannot delete another person');
    // Nothing is erased until the admin confirms.
    expect((await scan(TRACES)).length).toBeGreaterThan(3);
    const before = app.fake.calls.length;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan(TRACES)).toEqual([]);
    expect(told().at(-1)).toMatch(
      new RegExp(`^Erased what the desk held of <@${REQ}>: \\d+ documents changed\\.`),
    );
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.requester).toEqual({ contactName: '[erased]', via: 'slack' });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(cardTs, before);
    expect(card).toHaveLength(1);
    expect(JSON.stringify(card[0]!.args)).not.toContain('Coolant');
    const log = await app.db.models.privacyLog.find().lean();
    expect(log.map((e) => [e.kind, e.subject])).toEqual([['erase', `${code} contact`]]);

    // Staff is not erased by Slack user; a customer and a user together is the usage.
    const staff = await app.slack.command('/desk', `privacy erase user:<@${AGENT}>`, {
      userId: ADMIN,
    });
    expect(JSON.stringify(staff.body)).toContain(`<@${AGENT}> works or has worked on the desk`);
    const both = await app.slack.command('/desk', `privacy erase ${code} user:<@${REQ}>`, {
      userId: ADMIN,
    });
    expect(JSON.stringify(both.body)).toContain('/desk privacy erase user:U0456EFGH');
  });

  test('/desk privacy erase user:<@…> who holds a merge lock on a ticket not theirs (a merge of theirs cut short, lapsed, kept a day): their id and their form claim go from it, the lock stays', async () => {
    const other = await makeTicket(app, { customerCode: code, title: 'Spindle noise' });
    const lock = {
      op: 'op-cut-short',
      until: new Date(app.clock.now().getTime() - 60_000),
      key: 'claim-of-their-form',
      by: REQ,
    };
    await app.db.models.tickets.updateOne({ number: other.number }, { $set: { mergeLock: lock } });
    await tryEraseUser(app, ADMIN, REQ);
    expect(await scan(TRACES)).toEqual([]);
    const after = (await app.db.models.tickets.findOne({ number: other.number }).lean())!;
    expect(after.mergeLock).toEqual({ op: lock.op, until: lock.until });
  });

  test('Erase of a Slack user the database fails after their ticket was rewritten: said not finished, and the card of that ticket is drawn again without their words all the same', async () => {
    const cardTs = (await app.db.models.tickets.findOne({ number }).lean())!.card.ts;
    expect(cardTs).toBeTruthy();
    const before = app.fake.calls.length;
    // Their ticket is rewritten; a later write of the erasure (when they last opened their App
    // Home, deleted) fails.
    const restore = failCalls(app.db.models.homeOpens, 'deleteMany');
    try {
      await submitErase('V0USERFAIL');
    } finally {
      restore();
    }
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.requester).toEqual({ contactName: '[erased]', via: 'slack' });
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0USERFAIL');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Not finished');
    // A re-run finds nothing of theirs left in it: its card is drawn again now.
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(cardTs, before);
    expect(card.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(card.at(-1)!.args)).not.toContain('Coolant');
  });

  test('Erase of a Slack user held up past its lease, which another erasure (another instance) takes meanwhile: it stops at its next step, nothing of theirs erased; the view and the DM say to run it again. Run again and held up within their scrub: it runs to the end, logged, their card shown again', async () => {
    const proto = DataSubjectRepository.prototype;
    const other = app.instance('other');
    let taken: ErasureLease | null = null;
    const original = proto.waitingOn;
    const held = vi.spyOn(proto, 'waitingOn').mockImplementationOnce(async function (
      this: DataSubjectRepository,
      ...args
    ) {
      const waiting = await original.apply(this, args);
      // Held up 6 minutes (its database stalled): the lease runs out and is taken.
      app.clock.advance(6 * 60_000);
      taken = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), { code });
      return waiting;
    });
    const scrub = vi.spyOn(proto, 'scrubUser');
    try {
      await submitErase('V0USERSTOP');
      expect(taken).not.toBeNull();
      expect(scrub).not.toHaveBeenCalled();
    } finally {
      held.mockRestore();
      scrub.mockRestore();
    }
    expect((await scan(TRACES)).length).toBeGreaterThan(3);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
    const again =
      'This erasure was held up for over 5 minutes, so another erasure may have taken its turn and run beside it';
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0USERSTOP');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain(again);
    expect(String(app.fake.callsTo('chat.postMessage').at(-1)!.args.text)).toContain(again);
    expect(await taken!.release()).toBe(true);

    // Run again, as told; held up this time within their scrub (their tickets rewritten: a
    // re-run would find nothing left to rewrite there, nor their cards to draw again).
    const cardTs = (await app.db.models.tickets.findOne({ number }).lean())!.card.ts;
    const before = app.fake.calls.length;
    const scrubUser = proto.scrubUser;
    const late = vi.spyOn(proto, 'scrubUser').mockImplementationOnce(async function (
      this: DataSubjectRepository,
      ...args
    ) {
      const done = await scrubUser.apply(this, args);
      app.clock.advance(6 * 60_000);
      taken = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), { code });
      return done;
    });
    try {
      await submitErase('V0USERLATE');
      expect(taken).not.toBeNull();
    } finally {
      late.mockRestore();
    }
    // Not stopped there: done and logged, and said with its result.
    expect(await scan(TRACES)).toEqual([]);
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(1);
    const done = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0USERLATE');
    expect(JSON.stringify(done.at(-1)!.args.view)).toContain('Erased what the desk held of');
    expect(JSON.stringify(done.at(-1)!.args.view)).toContain(again);
    expect(await taken!.release()).toBe(true);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const card = app.fake.updatesOf(cardTs, before);
    expect(card).toHaveLength(1);
    expect(JSON.stringify(card[0]!.args)).not.toContain('Coolant');
  });

  test('Erase of a Slack user held up 6 minutes in one database call: its lease is renewed on its timer meanwhile, so another erasure is refused, and it runs to the end, not said to have run over', async () => {
    const proto = DataSubjectRepository.prototype;
    const other = app.instance('other');
    let taken: ErasureLease | null | undefined;
    const original = proto.waitingOn;
    const held = vi.spyOn(proto, 'waitingOn').mockImplementationOnce(async function (
      this: DataSubjectRepository,
      ...args
    ) {
      const waiting = await original.apply(this, args);
      // Held up 6 minutes (a slow read): the lease's timer fires each minute meanwhile.
      for (let minute = 0; minute < 6; minute++) {
        app.clock.advance(60_000);
        await app.tickErasures();
      }
      taken = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), { code });
      return waiting;
    });
    try {
      await submitErase('V0USERSLOW');
    } finally {
      held.mockRestore();
    }
    expect(taken).toBeNull();
    expect(await scan(TRACES)).toEqual([]);
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0USERSLOW');
    const said = JSON.stringify(view.at(-1)!.args.view);
    expect(said).toContain('Erased what the desk held of');
    expect(said).not.toContain('held up for over 5 minutes');
    // Given back, its timer stopped: the next erasure takes the lease.
    const next = await other.services.erasureLeases.hold(await ctxOf(app, ADMIN), { code });
    expect(next).not.toBeNull();
    await next!.release();
  });

  test('/desk privacy erase user:<@…> of the requester’s colleague whose reply the desk resumed the ticket for: their id and words go, the resume stays', async () => {
    const COLLEAGUE = 'U0CUSTCOL1';
    await act(app, number, { action: 'wait', question: 'Which line?' });
    await act(
      app,
      number,
      { action: 'resume', reply: 'Line 3 leaks again since Monday' },
      SYSTEM_ACTOR,
      { writer: COLLEAGUE },
    );
    await app.desk.outbox.drain();
    const traces = [COLLEAGUE, 'Line 3 leaks again since Monday'];
    expect((await scan(traces)).length).toBeGreaterThan(0);
    await app.slack.command('/desk', `privacy erase user:<@${COLLEAGUE}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan(traces)).toEqual([]);
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.timeline.at(-1)).toMatchObject({ action: 'resume', text: '[erased]' });
  });

  test('/desk privacy export|erase user:<@…> of the requester’s colleague whose thread replies the desk noted (open, and closed since): listed, then their words go from the timeline and the thread lines', async () => {
    const CUST = 'C0CUSTCH01';
    const OPENER = 'U0CUSTUSR1';
    const COLLEAGUE = 'U0CUSTCOL1';
    const OPEN_WORDS = 'My home number is 555-0199, call me';
    const LATE_WORDS = 'Also try my mobile 555-0142 after six';
    let events = 0;
    const say = (text: string, user: string, ts: string, thread?: string, retryNum?: number) =>
      app.slack.eventDelivery(messageEvent(CUST, user, text, ts, thread ? { thread } : {}), {
        eventId: `Ev0PRIVCOL${String(++events).padStart(4, '0')}`,
        ...(retryNum ? { retryNum } : {}),
      });
    await app.slack.command('/desk', `channel link ${code}`, { userId: ADMIN, channelId: CUST });
    const ROOT = '1795485604.000100'; // 02:00:04
    await say('The printer is jammed', OPENER, ROOT);
    const opened = (await app.db.models.tickets.findOne({ 'source.ts': ROOT }).lean())!;
    await act(app, opened.number, { action: 'claim' }, AGENT);
    app.clock.advance(60_000);
    // Open and not waiting: their reply is the desk's note of their words.
    await say(OPEN_WORDS, COLLEAGUE, '1795485664.000100', ROOT); // 02:01:04
    app.clock.advance(60_000);
    await act(app, opened.number, { action: 'resolve', summary: 'Roller replaced' }, AGENT);
    app.clock.advance(60_000);
    await act(app, opened.number, { action: 'close' }, AGENT);
    app.clock.advance(5 * 60_000);
    // Sent before the resolve (02:01:40), handled after the close (Slack's retry): a note on the
    // closed ticket.
    await say(LATE_WORDS, COLLEAGUE, '1795485700.000100', ROOT, 1);
    await app.desk.outbox.drain();
    const noted = (await app.db.models.tickets.findOne({ number: opened.number }).lean())!;
    expect(noted.status).toBe('closed');
    const theirs = noted.timeline.filter((e) => e.said === 'reply');
    expect(theirs).toMatchObject([
      { action: 'note', by: SYSTEM_ACTOR, writer: COLLEAGUE, text: OPEN_WORDS },
      { action: 'note', by: SYSTEM_ACTOR, writer: COLLEAGUE, text: LATE_WORDS },
    ]);
    // Their words are in the card's thread lines the outbox holds.
    const traces = [COLLEAGUE, OPEN_WORDS, LATE_WORDS];
    const held = await scan(traces);
    expect(held.some((f) => f.startsWith('outbox.') && f.includes(OPEN_WORDS))).toBe(true);

    // Their export lists both entries.
    await app.slack.command('/desk', `privacy export user:<@${COLLEAGUE}>`, { userId: ADMIN });
    const json = JSON.parse(app.fake.sharedFiles(DM).at(-2)!.content!.toString('utf8'));
    expect(JSON.stringify(json.ticketEntries)).toContain(OPEN_WORDS);
    expect(JSON.stringify(json.ticketEntries)).toContain(LATE_WORDS);

    await app.slack.command('/desk', `privacy erase user:<@${COLLEAGUE}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    expect(modal.callback_id).toBe('privacy_erase');
    expect(JSON.stringify(modal.blocks)).toContain(
      'Their entries and survey answer on 1 other ticket are erased too',
    );
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan(traces)).toEqual([]);
    const kept = (await app.db.models.tickets.findOne({ number: opened.number }).lean())!;
    expect(kept.timeline.filter((e) => e.said === 'reply')).toMatchObject([
      { action: 'note', by: SYSTEM_ACTOR, text: '[erased]' },
      { action: 'note', by: SYSTEM_ACTOR, text: '[erased]' },
    ]);
  });

  test('/desk privacy erase user:<@…> of a former agent (roles taken away): refused, their work on the tickets kept', async () => {
    const FORMER = 'U0FORMER01';
    await app.setSettings(() => ({ agents: [AGENT, FORMER], accountManagers: [OWNER] }));
    await act(app, number, { action: 'note', text: 'Checked the pump seals, all fine' }, FORMER);
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const before = (await app.db.models.tickets.findOne({ number }).lean())!;
    const res = await app.slack.command('/desk', `privacy erase user:<@${FORMER}>`, {
      userId: ADMIN,
    });
    const said = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('views.update'));
    expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
    expect(said).not.toContain('take their roles away');
    // The erase modal, had it been left open from before, is refused on Erase too.
    const modal = {
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ subjectUser: FORMER }),
      blocks: [],
    };
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const after = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(after.timeline).toEqual(before.timeline);
    expect(JSON.stringify(after.timeline)).toContain('Checked the pump seals');
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  });

  test('/desk privacy erase user:<@…> of a former agent whose only trace is the upgrade intent on a file: refused, the intent keeps who heard it', async () => {
    const FORMER = 'U0FORMER02';
    await app.setSettings(() => ({ agents: [AGENT, FORMER], accountManagers: [OWNER] }));
    const intent = async (by: string, what: string) => {
      await app.slack.blockAction(
        { action_id: 'customer_interaction_open', value: code, block_id: 'customer_actions' },
        { userId: by },
      );
      const form = app.fake.calls
        .filter((c) => c.method === 'views.open' || c.method === 'views.update')
        .at(-1)!.args.view as Record<string, any>;
      await app.slack.submitView(
        form as never,
        {
          type: 'call',
          summary: 'Asked about the invoice',
          upgrade_intent: 'yes',
          upgrade_what: what,
        },
        { userId: by },
      );
    };
    // The owner's task is planned by AGENT's intent; FORMER's later one updates the file only.
    await intent(AGENT, '20 more seats');
    await intent(FORMER, '40 more seats');
    await app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] }));
    const before = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(before.upgradeIntent).toMatchObject({ what: '40 more seats', by: FORMER });
    const res = await app.slack.command('/desk', `privacy erase user:<@${FORMER}>`, {
      userId: ADMIN,
    });
    const said = JSON.stringify(res.body) + JSON.stringify(app.fake.callsTo('views.update'));
    expect(said).toContain(`<@${FORMER}> works or has worked on the desk`);
    // The erase modal, had it been left open from before, is refused on Erase too.
    const modal = {
      callback_id: 'privacy_erase',
      private_metadata: JSON.stringify({ subjectUser: FORMER }),
      blocks: [],
    };
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const after = (await app.db.models.customers.findOne({ code }).lean())!;
    expect(after.upgradeIntent).toMatchObject({ what: '40 more seats', by: FORMER });
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  });

  test('/desk privacy erase user:<@…> of someone on an open desk a ticket was reassigned to, who never acted on it: refused, the handover keeps whom it was to', async () => {
    const HANDED = 'U0HANDED01';
    const MANAGER = 'U0MANAGER1';
    await app.setSettings(() => ({
      agents: [AGENT],
      accountManagers: [OWNER],
      managers: [MANAGER],
      openDesk: true,
    }));
    // On an open desk everyone in the workspace is an agent: AGENT hands the ticket to HANDED,
    // and the manager gives it back to AGENT before HANDED did anything on it (its first
    // assignee stays AGENT).
    await act(app, number, { action: 'reassign', to: HANDED }, AGENT);
    await act(app, number, { action: 'reassign', to: AGENT }, MANAGER);
    await app.desk.outbox.drain();
    await app.db.models.outbox.deleteMany({});
    const before = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(before).toMatchObject({ assigneeId: AGENT, firstAssigneeId: AGENT });
    // And where the desk's DM to them went (ticket_posts: their DM's D… channel, as Slack
    // answers; `to`, whom it went to, which an erasure of them deletes).
    expect(await heldIn(app, HANDED)).toEqual([
      'ticket_posts.channel',
      'ticket_posts.to',
      'tickets.timeline.assigneeId',
    ]);

    const said = await tryEraseUser(app, ADMIN, HANDED);
    expect(said).toContain(`<@${HANDED}> works or has worked on the desk`);
    const after = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(after.timeline).toEqual(before.timeline);
    expect(after.timeline).toContainEqual(
      expect.objectContaining({ action: 'reassign', by: AGENT, assigneeId: HANDED }),
    );
    expect(await app.db.models.privacyLog.countDocuments({ kind: 'erase' })).toBe(0);
  });

  test('/desk privacy erase user:<@…>: the modal opens before any read of whole collections (their entries, the inbox), counted into it after', async () => {
    // Every read that is no index look-up (the tickets' timelines and texts, the events inbox,
    // the settings history), with how many modals had been opened by then.
    const reads: string[] = [];
    const models = app.db.models as unknown as Record<
      string,
      { find: (...a: unknown[]) => unknown }
    >;
    const originals = ['tickets', 'seenEvents', 'settingsChanges'].map((name) => {
      const model = models[name]!;
      const find = model.find;
      model.find = function (this: unknown, ...a: unknown[]) {
        const filter = JSON.stringify(a[0] ?? {});
        if (name !== 'tickets' || /\$regex|timeline/.test(filter))
          reads.push(`${name} after ${app.fake.callsTo('views.open').length} views.open`);
        return find.apply(this, a);
      };
      return () => (model.find = find);
    });
    try {
      await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    } finally {
      for (const restore of originals) restore();
    }
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => r.endsWith('after 0 views.open'))).toEqual([]);
    const opened = JSON.stringify(app.fake.callsTo('views.open').at(-1)!.args.view);
    expect(opened).toContain('the ticket they requested stays');
    expect(opened).toContain('Counting their entries on other tickets');
    const counted = JSON.stringify(app.fake.callsTo('views.update').at(-1)!.args.view);
    expect(counted).toContain('They have no entry or survey answer on other tickets.');
    expect(counted).not.toContain('Counting');
  });

  test('/desk privacy erase user:<@…> whose ticket waits on them: said in the modal; resumed by the desk at the erasure, waiting on nobody', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const opened = JSON.stringify(app.fake.callsTo('views.open').at(-1)!.args.view);
    expect(opened).toContain('1 ticket waits on them (“Waiting on customer”): it is resumed');
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    expect(JSON.stringify(modal.blocks)).toContain('1 ticket waits on them');
    app.clock.advance(60_000);
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(told().at(-1)).toContain('1 ticket that waited on them was resumed by the desk');
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.status).toBe('assigned');
    expect(kept.timeline.at(-1)).toMatchObject({ action: 'resume', by: 'care-desk' });
    expect(kept.pauses.every((p) => p.to)).toBe(true);
    // Nobody's Home lists it as waiting on them: not the agent's, not one of `[erased]`.
    expect(await app.db.models.tickets.countDocuments({ status: 'waiting' })).toBe(0);
  });

  test('/desk privacy erase user:<@…> whose ticket waits on them: the resume is in the card’s thread and the assignee is told at once, naming nobody', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const threadBefore = app.fake.postsTo('C0TRIAGE01').filter((c) => c.args.thread_ts).length;
    const dmsBefore = app.fake.postsTo(AGENT).length;
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    app.clock.advance(60_000);
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    // Delivered by the outbox now, not by the notices repair minutes later.
    await app.desk.outbox.drain();
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    const lines = app.fake
      .postsTo('C0TRIAGE01')
      .filter((c) => c.args.thread_ts)
      .slice(threadBefore)
      .map((c) => String(c.args.text));
    expect(lines).toEqual(['The desk resumed work. The SLA clock runs again.']);
    const dms = app.fake.postsTo(AGENT).slice(dmsBefore);
    expect(dms.map((c) => String(c.args.text))).toEqual([
      `<${kept.card!.permalink}|${number}> for Huadong Machinery (“[erased]”) is back in progress: the desk resumed it because its requester’s personal data was erased, so nobody is left to answer. It no longer waits on the customer; the SLA clock runs again.`,
    ]);
    expect(JSON.stringify(dms[0]!.args.blocks)).toContain(`"value":"${number}"`);
    for (const said of [...lines, ...dms.map((c) => JSON.stringify(c.args))])
      for (const trace of TRACES) expect(said).not.toContain(trace);
    expect(await scan(TRACES)).toEqual([]);
  });

  test('/desk privacy erase user:<@…> whose ticket waits on them, failing after the resume: nothing is announced (nor replayed by the notices repair with their words); run again, the resume is announced then', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const thread = () =>
      app.fake
        .postsTo('C0TRIAGE01')
        .filter((c) => c.args.thread_ts)
        .map((c) => String(c.args.text));
    const threadBefore = thread().length;
    const dmsBefore = app.fake.postsTo(AGENT).length;
    const failing = failScrubAfterResume();
    app.clock.advance(60_000);
    try {
      await submitErase('V0RESUMEFL1');
    } finally {
      failing.mockRestore();
    }
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0RESUMEFL1');
    expect(JSON.stringify(view.at(-1)!.args.view)).toContain('Not finished');
    const resumed = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(resumed.status).toBe('assigned');
    expect(resumed.title).toBe('Coolant leak on line 3');
    // Not announced with their words in the ticket, now or by the notices repair later.
    expect(resumed.noticesOwedAt).toBeUndefined();
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(thread().slice(threadBefore)).toEqual([]);
    expect(app.fake.postsTo(AGENT).slice(dmsBefore)).toEqual([]);

    // Run again: nothing waits on them any more, and the resume is announced now.
    app.clock.advance(60_000);
    await submitErase('V0RESUMEFL2');
    await app.desk.outbox.drain();
    expect(thread().slice(threadBefore)).toEqual([
      'The desk resumed work. The SLA clock runs again.',
    ]);
    const dms = app.fake.postsTo(AGENT).slice(dmsBefore);
    expect(dms.map((c) => String(c.args.text))).toEqual([
      expect.stringContaining(
        'is back in progress: the desk resumed it because its requester’s personal data was erased',
      ),
    ]);
    for (const said of [...thread().slice(threadBefore), ...dms.map((c) => JSON.stringify(c.args))])
      for (const trace of TRACES) expect(said).not.toContain(trace);
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.erasureResumeOwed).toBeUndefined();
    expect(await scan(TRACES)).toEqual([]);
  });

  test('/desk privacy erase user:<@…> done, the database failing as its resumes are marked ready and again as they are read to be told: the view says the desk tells the assignee within minutes, and the outbox upkeep does (the erasure run again to its end), once, as erased', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const proto = DataSubjectRepository.prototype;
    const ready = vi
      .spyOn(proto, 'resumesReady')
      .mockRejectedValueOnce(new Error('database unavailable'));
    const owed = vi
      .spyOn(proto, 'resumesOwed')
      .mockRejectedValueOnce(new Error('database unavailable'));
    app.clock.advance(60_000);
    try {
      await submitErase('V0BLIPREADY');
    } finally {
      ready.mockRestore();
      owed.mockRestore();
    }
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0BLIPREADY');
    const said = JSON.stringify(view.at(-1)!.args.view);
    expect(said).toContain('Its assignee and its thread are not told of the resume yet');
    expect(said).toContain('the desk tells them within a few minutes');
    // No erasureResumeReady (its write failed): the marks still say whose erasure it is.
    const left = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(left.erasureResumeReady).toBeUndefined();
    await resumeToldOnce({ erasuresFinished: 1 });
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.status).toBe('assigned');
    expect(kept.erasureResumeOwed).toBeUndefined();
    expect(kept.erasureResumeUser).toBeUndefined();
    expect(await scan(TRACES)).toEqual([]);
  });

  test('/desk privacy erase user:<@…> whose ticket waits on them, done but its resume’s announcement failing once: the view says the assignee is not told yet; the outbox upkeep tells them minutes later, once', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const proto = TicketNotifier.prototype;
    const original = proto.changed;
    let failed = 0;
    const failing = vi.spyOn(proto, 'changed').mockImplementation(async function (
      this: TicketNotifier,
      ...args: Parameters<TicketNotifier['changed']>
    ) {
      if (args[1].number === number && failed++ === 0) throw new Error('database unavailable');
      return original.apply(this, args);
    });
    app.clock.advance(60_000);
    try {
      await submitErase('V0UNTOLD01');
    } finally {
      failing.mockRestore();
    }
    expect(failed).toBe(1);
    const view = app.fake.callsTo('views.update').filter((c) => c.args.view_id === 'V0UNTOLD01');
    const said = JSON.stringify(view.at(-1)!.args.view);
    expect(said).toContain('1 ticket that waited on them was resumed by the desk');
    expect(said).toContain('Its assignee and its thread are not told of the resume yet');
    expect((await app.db.models.tickets.findOne({ number }).lean())!.status).toBe('assigned');
    // The outbox upkeep a few minutes on.
    await resumeToldOnce({ resumesTold: 1 });
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.erasureResumeOwed).toBeUndefined();
    expect(kept.erasureResumeReady).toBeUndefined();
  });

  test('/desk privacy erase user:<@…> failing after the resume, not done: the outbox upkeep does not announce the resume (the ticket still holds their words); it runs the erasure again, and once that is done, the resume is told as erased', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const failing = failScrubAfterResume();
    app.clock.advance(60_000);
    try {
      await submitErase('V0UNDONE01');
      // The database still failing at the upkeep: its run of the erasure fails too.
      const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:10:00Z');
      expect(run!.counts).not.toHaveProperty('resumesTold');
      expect(run!.counts).not.toHaveProperty('erasuresFinished');
    } finally {
      failing.mockRestore();
    }
    expect(app.fake.postsTo(AGENT)).toEqual([]);
    const kept = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(kept.erasureResumeOwed).toBeDefined();
    expect(kept.erasureResumeReady).toBeUndefined();
    expect(kept.title).toBe('Coolant leak on line 3');
    // The next upkeep: the erasure done, the resume told from the erased ticket.
    const [next] = await runJobAt(app, outboxJob, '2026-11-24T02:11:00Z');
    expect(next!.counts).toMatchObject({ erasuresFinished: 1 });
    const dms = app.fake.postsTo(AGENT).map((c) => String(c.args.text));
    expect(dms).toEqual([
      expect.stringContaining('is back in progress: the desk resumed it because its requester’s'),
    ]);
    for (const text of dms) for (const trace of TRACES) expect(text).not.toContain(trace);
    const done = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(done.erasureResumeOwed).toBeUndefined();
    expect(await scan(TRACES)).toEqual([]);
  });

  test('a Merge into… a ticket whose erasure resume is not announced yet (its erasure cut after the resume): the merge leaves the target’s notices to the repair; once the upkeep finishes the erasure, its thread says the resume, then the merge note, once each, nothing of theirs', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    const duplicate = await claimedDuplicate(app, code, 'C0TRIAGE01');
    await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0CUTMERGE');
    const owing = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(owing.noticesOwedAt).toBeDefined();
    expect(owing.erasureResumeOwed).toBeDefined();
    expect(owing.erasureResumeReady).toBeUndefined();
    const sent = () =>
      app.fake.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .filter((c) => c.args.channel !== ADMIN && c.args.channel !== DM);
    const merged = `Merged from ${duplicate} (Li Lei, `;

    // The merge, before the upkeep: the duplicate goes, the target's lines wait for the repair.
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_merge_open', value: duplicate, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    expect((await submitLastModal(app, { target: number }, AGENT)).body).toBe('');
    await app.desk.outbox.drain();
    expect((await app.db.models.tickets.findOne({ number: duplicate }).lean())!.mergedInto).toBe(
      number,
    );
    const target = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(target.noticesOwedAt).toBeDefined();
    expect(target.erasureResumeOwed).toBeDefined();
    const seen: RecordedCall[] = [...sent()];
    expect(seen.map((c) => String(c.args.text)).filter((t) => t.includes(merged))).toEqual([]);
    expect(
      app.fake.postsTo(AGENT).filter((c) => /back in progress/.test(String(c.args.text))),
    ).toEqual([]);

    // The upkeep once the erasure's lease has run out, then the notices repair.
    for (const at of ['2026-11-24T02:10:00Z', '2026-11-24T02:20:00Z']) {
      await runJobAt(app, outboxJob, at);
      seen.push(...sent());
    }
    for (const c of seen)
      for (const trace of TRACES) expect(JSON.stringify(c.args)).not.toContain(trace);
    const done = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(done.erasureResumeOwed).toBeUndefined();
    expect(done.noticesOwedAt).toBeUndefined();
    const thread = seen
      .filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === done.card.ts)
      .map((c) => String(c.args.text));
    expect(thread).toEqual([
      'The desk resumed work. The SLA clock runs again.',
      expect.stringContaining(merged),
    ]);
  });

  test('/desk privacy erase user:<@…> cut between a resume and its notices marked written, its process stopped (the lease never given back): nothing replayed with their words; once its lease has run out the outbox upkeep finishes the erasure, the resume told once, as erased', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await app.desk.outbox.drain();
    // The process stopping right after the resume's write (its notices still owed), its lease
    // never given back.
    await eraseUserCutAfterResume(app, ADMIN, REQ, 'V0CUTNOTE1');
    const resumed = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(resumed.status).toBe('assigned');
    expect(resumed.title).toBe('Coolant leak on line 3');
    expect(resumed.noticesOwedAt).toBeDefined();
    // What Slack was sent but the admin's own result (runJobAt clears the fake's record first:
    // each pass read after it).
    const seen: RecordedCall[] = [];
    const sent = () =>
      app.fake.calls
        .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
        .filter((c) => c.args.channel !== ADMIN && c.args.channel !== DM);
    // Its lease not run out yet: nothing done, nothing of theirs sent.
    const [early] = await runJobAt(app, outboxJob, '2026-11-24T02:04:00Z');
    expect(early!.counts).not.toHaveProperty('erasuresFinished');
    seen.push(...sent());
    expect(app.fake.postsTo(AGENT)).toEqual([]);
    expect((await app.db.models.tickets.findOne({ number }).lean())!.title).toBe(
      'Coolant leak on line 3',
    );

    // Run out: the upkeep finishes the erasure; the notices repair after it replays it as erased.
    // As runJobAt, with the job's log read.
    app.clock.set('2026-11-24T02:10:00Z');
    app.fake.reset();
    const logs = captureLogs();
    const deps = jobDepsOf(app.desk, { log: logs.log, clock: app.clock, instanceId: 'a' });
    const [late] = (await runDue(deps, [outboxJob])).filter((r) => r.ran);
    await app.desk.outbox.drain();
    expect(late!.counts).toMatchObject({ erasuresFinished: 1 });
    seen.push(...sent());
    await runJobAt(app, outboxJob, '2026-11-24T02:20:00Z');
    seen.push(...sent());
    for (const c of seen)
      for (const trace of TRACES) expect(JSON.stringify(c.args)).not.toContain(trace);
    const done = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(done.erasureResumeOwed).toBeUndefined();
    expect(done.erasureResumeUser).toBeUndefined();
    expect(done.noticesOwedAt).toBeUndefined();
    const posts = seen.filter((c) => c.method === 'chat.postMessage');
    expect(posts.filter((c) => c.args.thread_ts).map((c) => String(c.args.text))).toEqual([
      'The desk resumed work. The SLA clock runs again.',
    ]);
    expect(posts.filter((c) => c.args.channel === AGENT).map((c) => String(c.args.text))).toEqual([
      expect.stringContaining('is back in progress: the desk resumed it because its requester’s'),
    ]);
    expect(await scan(TRACES)).toEqual([]);
    // Logged by the ticket's id, never the person's.
    const line = logs.lines.find((l) => /finished by the outbox upkeep/.test(l.msg));
    expect(line).toMatchObject({ tickets: [String(done._id)] });
    expect(JSON.stringify(line)).not.toContain(REQ);
  });

  test('/desk privacy erase user:<@…>: their App Home is published again without their tickets; their answer in their DM keeps no DM channel id', async () => {
    const HER_DM = 'D0HERDM001';
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await act(
      app,
      number,
      { action: 'resume', reply: 'Line 3, by the press', source: `${HER_DM}:1763949600.000100` },
      REQ,
    );
    // Waiting on her again: her Home lists it.
    await act(app, number, { action: 'wait', question: 'Since when?' }, AGENT);
    await ctxOf(app, REQ);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const home = () =>
      app.fake
        .callsTo('views.publish')
        .filter((c) => c.args.user_id === REQ)
        .at(-1);
    expect(JSON.stringify(home()!.args.view)).toContain('Coolant leak on line 3');
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    const published = app.fake.callsTo('views.publish').length;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    // Written to the outbox by the erasure, delivered by the worker it kicks.
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('views.publish').length).toBeGreaterThan(published);
    expect(JSON.stringify(home()!.args.view)).not.toContain('Coolant');
    expect(await scan([...TRACES, HER_DM, 'by the press'])).toEqual([]);
  });

  test('/desk privacy erase user:<@…>: their message by DM added to their open ticket, and the assignee’s DM quoting it, keep nothing of theirs', async () => {
    const HER_DM = 'D0HERDM002';
    await app.slack.event(
      {
        type: 'message',
        channel_type: 'im',
        channel: HER_DM,
        user: REQ,
        text: 'The leak is by the press',
        ts: '1763949600.000200',
      },
      { userId: REQ },
    );
    await app.desk.outbox.drain();
    expect(app.fake.textsTo(AGENT).join('\n')).toContain('The leak is by the press');
    expect(
      JSON.stringify((await app.db.models.tickets.findOne({ number }).lean())!.timeline),
    ).toContain(`${HER_DM}:1763949600.000200`);
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan([...TRACES, HER_DM, 'by the press'])).toEqual([]);
  });

  test('/desk privacy erase user:<@…> whose App Home publish Slack fails: published again at the outbox’s retry, without their tickets, and then no record holds their id', async () => {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, AGENT);
    await ctxOf(app, REQ);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const toThem = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === REQ);
    expect(JSON.stringify(toThem().at(-1)!.args.view)).toContain('Coolant leak on line 3');
    const before = toThem().length;
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    // The worker's first try: Slack fails it. Owed meanwhile, in a self-deleting entry whose key
    // names nobody.
    app.fake.failNext('views.publish', 'internal_error');
    await app.desk.outbox.drain();
    expect(
      toThem()
        .slice(before)
        .map((c) => c.outcome),
    ).toEqual(['error']);
    const owed = await app.db.models.outbox.find({ to: REQ }).lean();
    expect(owed.map((e) => [e.kind, e.state, e.forget, e.key.startsWith('forget:home:')])).toEqual([
      ['home', 'pending', true, true],
    ]);
    expect(owed[0]!.key).not.toContain(REQ);
    // The outbox's retry publishes it, from the records: none of their tickets' titles.
    app.clock.advance(60_000);
    await app.desk.outbox.drain();
    expect(
      toThem()
        .slice(before)
        .map((c) => c.outcome),
    ).toEqual(['error', 'ok']);
    expect(JSON.stringify(toThem().at(-1)!.args.view)).not.toContain('Coolant');
    // Delivered: the entry deleted, not kept as sent; nothing anywhere holds their id.
    expect(await app.db.models.outbox.countDocuments({ forget: true })).toBe(0);
    expect(await scan(TRACES)).toEqual([]);
  });

  test('/desk privacy erase user:<@…> of a guest of the workspace: the Home published to them is a guest’s (the requester’s part), not the staff Home', async () => {
    const GUEST = FAKE_GUEST_USER_ID;
    await makeTicket(app, {
      customerCode: code,
      title: 'Gearbox noise',
      requester: { userId: GUEST, via: 'slack' },
    });
    await app.slack.command('/desk', `privacy erase user:<@${GUEST}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    await app.desk.outbox.drain();
    const home = app.fake
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === GUEST)
      .at(-1);
    const view = JSON.stringify(home!.args.view);
    expect(view).toContain('guests read only their own tickets');
    expect(view).not.toContain('Your tasks due today');
    expect(view).not.toContain('C0TRIAGE01');
  });

  test('/desk privacy erase user:<@…> of a member Slack does not describe in time: erased, no Home published to them while Slack does not say (never the "try again" guest Home), then theirs once it does, as the outbox does any Home; then no record holds their id', async () => {
    const MEMBER = 'U0MEMBER11';
    await makeTicket(app, {
      customerCode: code,
      title: 'Gearbox noise',
      requester: { userId: MEMBER, via: 'slack' },
    });
    await app.slack.command('/desk', `privacy erase user:<@${MEMBER}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    // The outbox asks Slack about them once (its Home decision), and Slack fails it: postponed.
    app.fake.failNext('users.info', 'internal_error');
    await app.desk.outbox.drain();
    const toThem = () => app.fake.callsTo('views.publish').filter((c) => c.args.user_id === MEMBER);
    expect(toThem()).toEqual([]);
    const asked = () => app.fake.callsTo('users.info').filter((c) => c.args.user === MEMBER);
    expect(asked().map((c) => c.outcome)).toEqual(['error']);
    expect(app.fake.armedLeft()).toBe(0);
    // Slack answers at its next try: their Home, from the records (nothing of theirs).
    app.clock.advance(60_000);
    await app.desk.outbox.drain();
    expect(asked().map((c) => c.outcome)).toEqual(['error', 'ok']);
    expect(toThem().map((c) => c.outcome)).toEqual(['ok']);
    expect(JSON.stringify(toThem()[0]!.args.view)).not.toContain('Gearbox');
    expect(await scan([MEMBER, 'Gearbox noise'])).toEqual([]);
  });

  test('/desk privacy erase user:<@…>: a staff reaction on their message, not yet made into a ticket, is counted as theirs and done with nothing kept', async () => {
    const admin = await ctxOf(app, ADMIN);
    await app.desk.services.channels.link(admin, {
      channelId: 'C0HERCHAN1',
      customerCode: code,
      shared: true,
    });
    await app.desk.services.channels.receive(admin, 'Ev0REACT001', 'reaction_added', {
      event: {
        type: 'reaction_added',
        user: AGENT,
        reaction: 'ticket',
        item: { type: 'message', channel: 'C0HERCHAN1', ts: '1763949600.000200' },
        item_user: REQ,
      },
      actor: AGENT,
    } as never);
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    expect(JSON.stringify(modal.blocks)).toContain(
      'Also in 1 customer channel message the desk has not made into tickets yet: theirs, and reactions on theirs, will not become tickets',
    );
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const ev = (await app.db.models.seenEvents.findOne({ _id: /Ev0REACT001$/ }).lean())!;
    expect([ev.status, ev.payload]).toEqual(['done', undefined]);
    expect(await scan(TRACES)).toEqual([]);
  });

  test('/desk privacy erase user:<@…>: a reaction later on an old message of theirs files no ticket and tells who reacted; a message they write after is filed as anyone’s', async () => {
    const CHAN = 'C0HERCHAN2';
    await app.slack.command('/desk', `channel link ${code} emoji :ticket:`, {
      userId: ADMIN,
      channelId: CHAN,
    });
    const old = '1763949600.000300'; // a year before the erasure
    app.fake.peopleMessages.set(CHAN, [{ ts: old, user: REQ, text: 'Coolant on the floor again' }]);
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const filed = () => app.db.models.tickets.countDocuments({ 'requester.userId': REQ });
    const react = (ts: string, eventId: string) =>
      app.slack.eventDelivery(
        {
          type: 'reaction_added',
          user: AGENT,
          reaction: 'ticket',
          item: { type: 'message', channel: CHAN, ts },
          item_user: REQ,
        },
        { eventId },
      );
    await react(old, 'Ev0ERASED01');
    expect(await filed()).toBe(0);
    expect(await scan(TRACES)).toEqual([]);
    const note = app.fake.callsTo('chat.postEphemeral').at(-1)!;
    expect(note.args).toMatchObject({
      channel: CHAN,
      user: AGENT,
      text: 'This message is from before its author’s personal data was erased from the desk, so it is not made into a ticket. If they still need help, ask them to write again.',
    });
    expect(note.args.thread_ts).toBeUndefined();
    // An old reply of theirs also sent to the channel (a thread reply the channel's history
    // holds): told in its thread, where its ticket would have been answered.
    const reply = '1763949600.000310';
    app.fake.peopleMessages.set(CHAN, [
      { ts: reply, thread_ts: old, subtype: 'thread_broadcast', user: REQ, text: 'Still leaking' },
    ]);
    await react(reply, 'Ev0ERASED03');
    expect(await filed()).toBe(0);
    expect(app.fake.callsTo('chat.postEphemeral').at(-1)!.args).toMatchObject({
      channel: CHAN,
      user: AGENT,
      thread_ts: old,
      text: expect.stringContaining('personal data was erased'),
    });
    // They write again after the erasure: that message is theirs to file, as anyone's.
    app.clock.advance(60_000);
    const fresh = (app.clock.now().getTime() / 1000).toFixed(6);
    app.fake.peopleMessages.set(CHAN, [{ ts: fresh, user: REQ, text: 'The pump stopped' }]);
    await react(fresh, 'Ev0ERASED02');
    expect(await filed()).toBe(1);
  });

  test('/desk privacy erase user:<@…>: "Create ticket" on an old message of theirs proposes neither them nor their words and says why; a submit naming them is refused', async () => {
    const CHAN = 'C0HERCHAN3';
    await app.slack.command('/desk', `channel link ${code} shortcut`, {
      userId: ADMIN,
      channelId: CHAN,
    });
    const OLD = '1763949600.000400'; // a year before the erasure
    const message = { text: 'Coolant on the floor again, line 3', ts: OLD, user: REQ };
    const opened = () => app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const block = (view: Record<string, any>, id: string) =>
      view.blocks.find((b: any) => b.block_id === id);
    const shortcut = async () => {
      await app.slack.messageShortcut('ticket_from_message', message, {
        userId: AGENT,
        channelId: CHAN,
      });
      return opened();
    };
    // Opened before the erasure: them and their words, as for anyone.
    const before = await shortcut();
    expect(block(before, 'requester').element.initial_user).toBe(REQ);
    expect(block(before, 'description').element.initial_value).toBe(message.text);
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const logged = app.logs.length;

    // After it: no requester, no title or text of theirs, a line saying why, no id of theirs.
    const after = await shortcut();
    expect(block(after, 'requester').element.initial_user).toBeUndefined();
    expect(block(after, 'title').element.initial_value).toBeUndefined();
    expect(block(after, 'description').element.initial_value).toBeUndefined();
    expect(after.blocks[0]).toMatchObject({
      type: 'context',
      elements: [
        {
          text: 'The author of this message had their personal data erased from the desk after writing it: neither they nor their words are filled in.',
        },
      ],
    });
    expect(JSON.stringify(after)).not.toContain(REQ);
    expect(JSON.stringify(after)).not.toContain('Coolant');

    // Named in the form anyway (a crafted submission): refused on the field, nothing saved.
    const form = {
      severity: 'general',
      type: 'consultation',
      title: 'Leak',
      description: 'A leak',
    };
    const refusal = {
      response_action: 'errors',
      errors: {
        requester:
          'Their personal data was erased from the desk after they wrote this message: it does not make them a requester again. Clear this field, or ask them to write again.',
      },
    };
    const named = await app.slack.submitView(after, { ...form, requester: REQ }, { userId: AGENT });
    expect(named.body).toEqual(refusal);
    // The modal opened before the erasure, submitted after it with them still proposed: the same.
    const stale = await app.slack.submitView(before, {}, { userId: AGENT });
    expect(stale.body).toEqual(refusal);
    expect(await app.db.models.tickets.countDocuments({ source: { channel: CHAN, ts: OLD } })).toBe(
      0,
    );

    // Their id put in the metadata: not the desk's proof, so made as from no message, naming nobody.
    const forged = {
      ...after,
      private_metadata: JSON.stringify({ ...JSON.parse(after.private_metadata), sourceUser: REQ }),
    };
    expect((await app.slack.submitView(forged, form, { userId: AGENT })).body).toBe('');
    // The stale modal with them cleared: filed, linked to the message, their thread not adopted.
    await app.slack.submitView(before, { requester: null }, { userId: AGENT });
    const made = await app.db.models.tickets
      .find({ customerCode: code })
      .sort({ createdAt: 1 })
      .lean();
    expect(made.slice(1).map((t) => [t.title, t.requester, t.source, t.conversation])).toEqual([
      ['Leak', undefined, undefined, undefined],
      ['Coolant on the floor again, line 3', undefined, { channel: CHAN, ts: OLD }, undefined],
    ]);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHAN)).toEqual([]);
    expect(await scan([REQ])).toEqual([]);
    expect(JSON.stringify(app.logs.slice(logged))).not.toContain(REQ);
  });

  test.each(['erased', 'being erased'] as const)(
    '"Create ticket" on an old message of theirs, submitted while they are %s between the creation check and the insert: the ticket is taken back and the submit refused, nothing of theirs filed',
    async (when) => {
      const CHAN = 'C0HERCHAN4';
      await app.slack.command('/desk', `channel link ${code} shortcut`, {
        userId: ADMIN,
        channelId: CHAN,
      });
      const OLD = '1763949600.000600'; // a year before the erasure
      const message = { text: 'Glycol spill again, line 4', ts: OLD, user: REQ };
      await app.slack.messageShortcut('ticket_from_message', message, {
        userId: AGENT,
        channelId: CHAN,
      });
      const before = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      // The erasure lands after the requester check passed, before the ticket is inserted.
      const lease = { release: async () => true as boolean };
      const orig = TicketService.prototype.create;
      const between = vi
        .spyOn(TicketService.prototype, 'create')
        .mockImplementationOnce(async function (
          this: TicketService,
          ...args: Parameters<TicketService['create']>
        ) {
          if (when === 'erased') {
            await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
            const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
            await app.slack.submitView(modal as never, {}, { userId: ADMIN });
          } else {
            // Its scrub already past (nothing of theirs yet), its log entry not written yet.
            const held = await app.desk.services.erasureLeases.hold(
              { teamId: FAKE_TEAM_ID, now: app.clock.now() },
              { user: REQ },
            );
            lease.release = () => held!.release();
          }
          return orig.apply(this, args);
        });
      let res;
      try {
        res = await app.slack.submitView(before, {}, { userId: AGENT });
      } finally {
        between.mockRestore();
        await lease.release();
      }
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: {
          requester:
            'Their personal data was erased from the desk after they wrote this message: it does not make them a requester again. Clear this field, or ask them to write again.',
        },
      });
      expect(
        await app.db.models.tickets.countDocuments({ source: { channel: CHAN, ts: OLD } }),
      ).toBe(0);
      app.clock.advance(10_000);
      await app.desk.outbox.drain();
      expect(JSON.stringify(app.fake.callsTo('chat.postMessage'))).not.toContain('Glycol');
      if (when === 'erased') expect(await scan([REQ, 'Glycol'])).toEqual([]);
    },
  );

  test('/desk privacy log user:<@…>: only the entries about that Slack user, as the CLI’s --user', async () => {
    await app.slack.command('/desk', `privacy export user:<@${REQ}>`, { userId: ADMIN });
    await app.slack.command('/desk', `privacy export ${code}`, { userId: ADMIN });
    await app.slack.command('/desk', `privacy export user:<@${AGENT}>`, { userId: ADMIN });
    const all = await app.slack.command('/desk', 'privacy log', { userId: ADMIN });
    expect(JSON.stringify(all.body)).toContain('Privacy log (3)');
    const hers = await app.slack.command('/desk', `privacy log user:<@${REQ}>`, {
      userId: ADMIN,
    });
    expect(JSON.stringify(hers.body)).toContain('Privacy log (1)');
    const named = await app.slack.command('/desk', 'privacy log user:@wang', { userId: ADMIN });
    expect(JSON.stringify(named.body)).toContain('Name the person by their Slack member ID');
  });

  test('/desk privacy erase user:<@…>: a short Chinese sentence of theirs (8 characters) is found where it is quoted', async () => {
    const hers = await makeTicket(app, {
      customerCode: code,
      title: '三号线冷却液泄漏',
      description: '地上全是冷却液',
      requester: { userId: REQ, via: 'slack' },
    });
    const other = await makeCustomer(app, { name: 'Jinqiao Tools' });
    const quoting = await makeTicket(app, {
      customerCode: other.code,
      title: '冷却液问题',
      description: '另一家客户也报告：三号线冷却液泄漏。请一并检查。',
    });
    await app.slack.command('/desk', `privacy erase user:<@${REQ}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    expect(await scan(['三号线冷却液泄漏', '地上全是冷却液'])).toEqual([]);
    const kept = (await app.db.models.tickets.findById(quoting.id).lean())!;
    expect(kept.description).toBe('另一家客户也报告：[erased]。请一并检查。');
    // A short word is no sentence of theirs: others' words stay.
    expect(kept.title).toBe('冷却液问题');
    expect((await app.db.models.tickets.findById(hers.id).lean())!.title).toBe('[erased]');
  });
});
