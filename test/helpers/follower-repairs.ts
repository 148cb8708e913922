// The outbox job's repairs of a DM owed to a follower (TicketFlows.repairFollowerNotices: the
// "you now follow" DM of a Followers… save; repairFollowSteps: a step's DM owed since a Follow)
// with another instance's work landing between the repair's read of the ticket and its write of
// the DM, and an erasure of the requester's words: what the follower is told, and what is kept.
import { expect, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { RequesterNotifier } from '../../src/notify/requester.js';
import { createLogger } from '../../src/logger.js';
import type { TicketRecord } from '../../src/ticket/types.js';
import { TicketService } from '../../src/ticket/service.js';
import type { TestApp } from './app.js';
import { scanStrings } from './db.js';
import { act, makeCustomer, makeTicket } from './factories.js';
import { failCalls } from './faults.js';
import { runJobAt } from './jobs.js';
import {
  eraseUserCutAfterResume,
  eraseUserCutAfterResumeMarked,
  eraseUserCutBeforeScrub,
  tryEraseUser,
} from './privacy.js';
import { beforeFollowersWrite } from './setups-10-races.js';

type Write = RequesterNotifier['followersAdded'] | RequesterNotifier['stepsSinceFollowed'];

export interface FollowerRepair {
  app: TestApp;
  /** The notifier's write of the DM the repair owes the follower. */
  write: 'followersAdded' | 'stepsSinceFollowed';
  admin: string;
  agent: string;
  requester: string;
  follower: string;
  /** What the follower's DM says (to tell it from their other DMs). */
  says: string;
  /** The requester's words: their ticket's title, which their erasure takes. */
  words: string;
}

export function followerRepair(c: FollowerRepair) {
  const { app } = c;

  /**
   * What the follower (or `user`) was sent (each post's arguments as JSON) saying `c.says`, since
   * the last reset.
   */
  const told = (user = c.follower) =>
    app.fake
      .tookPostsTo(user)
      .map((p) => JSON.stringify(p.args))
      .filter((t) => t.includes(c.says));

  /**
   * The outbox job's run at `at`, with `meanwhile` (another instance's work) run once between
   * the repair's read of a ticket and its write of the follower's DM: at the first write `when`
   * picks (by default, one with someone to tell). Every mock restored after the run. Whether
   * `meanwhile` ran.
   */
  async function repairRunWith(
    at: string,
    meanwhile: () => Promise<unknown>,
    when: (args: Parameters<Write>) => boolean = (args) => args[2].length > 0,
  ): Promise<boolean> {
    const write = RequesterNotifier.prototype[c.write] as (
      ...args: Parameters<Write>
    ) => Promise<string[]>;
    let ran = false;
    vi.spyOn(RequesterNotifier.prototype, c.write).mockImplementation(async function (
      this: RequesterNotifier,
      ...args: Parameters<Write>
    ) {
      if (!ran && when(args)) {
        ran = true;
        await meanwhile();
      }
      return write.apply(this, args);
    } as never);
    await runJobAt(app, outboxJob, at);
    vi.restoreAllMocks();
    return ran;
  }

  /**
   * The outbox job's run after the repair's wait (at `at`), with the admin's erasure of `subject`
   * landing between the repair's read of the ticket and its write of the DM (the clock then at
   * `later`, when given: a long pass; the repair's read of the ticket again, to check it, failing
   * once when `failReread`), then the outbox drained. Whether the erasure ran there.
   */
  async function repairWithErasureBetween(
    subject: string,
    {
      at = '2026-11-24T02:03:00Z',
      later,
      failReread = false,
    }: { at?: string; later?: string; failReread?: boolean } = {},
  ): Promise<boolean> {
    const erased = await repairRunWith(at, async () => {
      await tryEraseUser(app, c.admin, subject);
      if (later) app.clock.set(later);
      if (failReread)
        vi.spyOn(TicketService.prototype, 'byId').mockRejectedValueOnce(
          new Error('connection reset'),
        );
    });
    await app.desk.outbox.drain();
    return erased;
  }

  /**
   * The outbox job run at each of `passes`: the follower told `c.says` of ticket `number` once in
   * all (counting what they were told before the first), without the requester's words, which
   * nothing the desk holds keeps.
   */
  async function toldOnceWithoutWords(number: string, passes: string[]): Promise<void> {
    const said = told();
    for (const at of passes) {
      await runJobAt(app, outboxJob, at);
      said.push(...told());
    }
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(number);
    expect(said[0]).not.toContain(c.words);
    expect(await scanStrings(app.db, [c.words])).toEqual([]);
  }

  /**
   * The agent asks the requester a question on ticket `number` (Waiting on customer), then the
   * requester's erasure is cut short after it resumed the ticket (its lease held, the ticket not
   * rewritten yet: their words still on it): before the resume's notices were marked written
   * (owed: the notices repair replays the ticket's recent steps, once the erasure is done), or,
   * when `marked`, right after (nothing owed but what the repair under test owes).
   */
  async function erasureCutAfterResume(number: string, { marked = false } = {}): Promise<void> {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, c.agent);
    await app.desk.outbox.drain();
    const erase = marked ? eraseUserCutAfterResumeMarked : eraseUserCutAfterResume;
    await erase(app, c.admin, c.requester, 'V0CUTFOLLOW');
    const cut = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(cut.erasureResumeOwed).toBeDefined();
    expect(cut.erasureResumeReady).toBeUndefined();
    expect(cut.title).toBe(c.words);
    expect(Boolean(cut.noticesOwedAt)).toBe(!marked);
  }

  /**
   * The agent asks the requester a question on ticket `number` (Waiting on customer), then the
   * outbox job runs at `at`, and once its repair's pass has listed the ticket (no erasure under
   * way then), before the repair reads it again, the requester's erasure (another instance's)
   * resumes it and is cut short there (its lease held, their words still on the ticket). Whether
   * the erasure ran there.
   */
  async function erasureCutAfterListing(number: string, at: string): Promise<boolean> {
    await act(app, number, { action: 'wait', question: 'Which line is it?' }, c.agent);
    await app.desk.outbox.drain();
    const list = c.write === 'followersAdded' ? 'followersOwed' : 'followStepsOwed';
    const listing = TicketService.prototype[list] as (
      before: Date,
      limit: number,
    ) => Promise<TicketRecord[]>;
    let ran = false;
    const spy = vi.spyOn(TicketService.prototype, list).mockImplementation(async function (
      this: TicketService,
      before: Date,
      limit: number,
    ) {
      const listed = await listing.call(this, before, limit);
      if (!ran && listed.some((t) => t.number === number)) {
        ran = true;
        await eraseUserCutAfterResume(app, c.admin, c.requester, 'V0CUTLISTED');
      }
      return listed;
    });
    try {
      await runJobAt(app, outboxJob, at);
    } finally {
      spy.mockRestore();
    }
    const cut = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(cut.erasureResumeOwed).toBeDefined();
    expect(cut.erasureResumeReady).toBeUndefined();
    return ran;
  }

  /**
   * Three tickets of the requester owing the follower the DM (`owe`), each then waiting on the
   * requester (the agent's question), and a ticket of `other`'s owing it to `otherFollower`,
   * owed a moment later; the requester's erasure, cut short before its scrub, resumed the three
   * (their words still on them: held until it is done). Then one pass of the repairs at `at`
   * reading two tickets at most (the outbox job reads 100), the outbox drained. The three
   * tickets' numbers, and the other one's.
   */
  async function passWithHeldAhead(
    owe: (requester: string, follower: string) => Promise<string>,
    other: { requester: string; follower: string },
    at: string,
  ): Promise<{ held: string[]; free: string }> {
    const held: string[] = [];
    for (let i = 0; i < 3; i++) held.push(await owe(c.requester, c.follower));
    for (const number of held)
      await act(app, number, { action: 'wait', question: 'Which line is it?' }, c.agent);
    await app.desk.outbox.drain();
    app.clock.advance(1_000);
    const free = await owe(other.requester, other.follower);
    await eraseUserCutBeforeScrub(app, c.admin, c.requester, 'V0CUTHELD1');
    for (const number of held) {
      const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
      expect(doc.erasureResumeOwed).toBeDefined();
      expect(doc.erasureResumeReady).toBeUndefined();
      expect(doc.title).toBe(c.words);
    }
    app.clock.set(at);
    await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent'), 2);
    await app.desk.outbox.drain();
    return { held, free };
  }

  return {
    repairRunWith,
    repairWithErasureBetween,
    toldOnceWithoutWords,
    erasureCutAfterResume,
    erasureCutAfterListing,
    passWithHeldAhead,
    told,
  };
}

/** Who and what the set-ups of a DM owed to a follower use. */
export interface OwedSetup {
  app: TestApp;
  triage: string;
  agent: string;
  requester: string;
  /** The requester's words: their ticket's title. */
  words: string;
  /** The customer's name. */
  customer: string;
  follower: string;
}

/**
 * The requester's ticket, claimed by the agent, who adds the follower by Followers…: the save
 * lands, its "you now follow" DM's write to the outbox fails (owed on the ticket). Its number.
 */
export async function followerNoticeOwed(s: OwedSetup): Promise<string> {
  const { app } = s;
  await app.setSettings((v) => ({ ...v, agents: [s.agent] }));
  const { code } = await makeCustomer(app, { name: s.customer });
  const { number, id } = await makeTicket(app, {
    customerCode: code,
    title: s.words,
    requester: { userId: s.requester },
  });
  await act(app, number, { action: 'claim' }, s.agent);
  await app.desk.outbox.drain();
  const opened = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_followers_open', block_id: 'ticket_follow', value: number },
    { userId: s.agent, channelId: s.triage },
  );
  const view = app.fake.callsTo('views.open').slice(opened)[0]!.args.view as Record<string, any>;
  const restore = failCalls(app.desk.services.outbox, 'enqueue', {
    when: (_ctx: unknown, entries: { key: string }[]) =>
      entries.some((e) => e.key.startsWith('follower:')),
  } as never);
  try {
    await app.slack.submitView(view as never, { followers: s.follower }, { userId: s.agent });
  } finally {
    restore();
  }
  await app.desk.outbox.drain();
  const owed = (await app.db.models.tickets.findById(id).lean())!;
  expect(owed.followersOwed).toMatchObject([{ user: s.follower }]);
  return number;
}

/**
 * The requester's ticket, its card posted; the follower clicks Follow while the agent's Claim
 * lands between the Follow's read and its write, and the Follow's request is cut short before the
 * Claim's DM to them (owed on the ticket: followedAt's owedAt). Its number.
 */
export async function claimOwedToFollower(s: OwedSetup): Promise<string> {
  const { app } = s;
  await app.setSettings((v) => ({ ...v, agents: [s.agent] }));
  const { code } = await makeCustomer(app, { name: s.customer });
  const { number } = await makeTicket(app, {
    customerCode: code,
    title: s.words,
    requester: { userId: s.requester },
  });
  await app.desk.outbox.drain();
  const ts = (await app.db.models.tickets.findOne({ number }).lean())!.card!.ts!;
  const stepped = beforeFollowersWrite(app, async () => {
    app.clock.advance(2_000);
    const claimed = await app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: s.agent, channelId: s.triage, messageTs: ts },
    );
    expect(claimed.status).toBe(200);
  });
  const restore = failCalls(RequesterNotifier.prototype, 'stepsSinceFollowed');
  try {
    await app.slack.blockAction(
      { action_id: 'requester_follow', block_id: 'ticket_follow', value: number },
      { userId: s.follower, channelId: s.triage },
    );
  } finally {
    restore();
  }
  expect(stepped()).toBe(true);
  vi.restoreAllMocks();
  await app.desk.outbox.drain();
  const doc = (await app.db.models.tickets.findOne({ number }).lean())!;
  expect(doc.followedAt?.find((f) => f.user === s.follower)?.owedAt).toBeDefined();
  return number;
}
