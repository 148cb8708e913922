// Followers of a ticket: people kept informed besides its requester (a colleague of theirs, an
// account manager's sales colleague). They follow from the requester's view of a ticket they may
// read, and hear by DM each step the requester is told, with Stop following; never the survey.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { beforeEach, describe, expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { NOTICES_REPAIR_MS } from '../../src/flows/tickets.js';
import { createLogger } from '../../src/logger.js';
import { GUEST_CHECK_MS } from '../../src/slack/people.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import {
  FAKE_BOT_USER_ID,
  FAKE_DEACTIVATED_USER_ID,
  FAKE_GUEST_USER_ID,
} from '../helpers/fake-slack.js';
import { ADMIN, TRIAGE, useGuestsApp } from '../helpers/guests.js';
import { failCalls } from '../helpers/faults.js';
import { runJobAt } from '../helpers/jobs.js';
import { triageCardOf } from '../helpers/setups-9-cards.js';
import { buttons, menuChoices } from '../helpers/ui.js';
import { submitLastModal } from '../helpers/clicks.js';

/** A guest of the workspace (one of the customer's people) who files for a colleague. */
const GUEST = FAKE_GUEST_USER_ID;
/** The colleague the ticket is for: its requester. */
const REQ = 'U0REQUEST1';

// Production's wait for users.info (GUEST_CHECK_MS), not the guests tests' shorter WAIT_MS: a
// burst of first-time clickers (followAtOnce) has every users.info answered within it, the test's
// client, the app and the fake Slack sharing one event loop. At WAIT_MS (150 ms) a loaded 2-core
// machine (load 11-20) made 1 or 2 of 8-25 such requests late in half the runs: the answers came
// 150-250 ms after the call, behind the other requests' work on that loop, not from Slack.
const { app } = useGuestsApp({ guestCheckMs: GUEST_CHECK_MS });

beforeEach(() => app.setSettings(() => ({ agents: [AGENT], accountManagers: [OWNER] })));

/** The ephemeral answer to a command, as JSON. */
async function commandBody(command: string, text: string, userId: string) {
  const res = await app.slack.command(command, text, { userId });
  return res.body as { blocks?: any[] };
}

/** A button on a message, as `userId`: what they were told privately (the response_url). */
async function click(action_id: string, value: string, userId: string): Promise<string> {
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id, value, block_id: 'follow' },
    { userId, channelId: 'D0GUEST001', ephemeral: true },
  );
  return JSON.stringify(app.fake.callsTo('response_url')[told]?.args ?? null);
}

/** The buttons of a message's blocks (action id and value). */
const buttonsOf = (blocks: any[] | string | undefined) =>
  (typeof blocks === 'string' ? JSON.parse(blocks) : (blocks ?? []))
    .filter((b: any) => b.type === 'actions')
    .flatMap((b: any) => b.elements as { action_id: string; value: string }[])
    .map((e: { action_id: string; value: string }) => `${e.action_id}:${e.value}`);

/** What `userId` was sent by DM, in order. */
const dms = (userId: string) => app.fake.postsTo(userId);
const texts = (userId: string) => dms(userId).map((c) => String(c.args.text));

describe('followers of a ticket', () => {
  test('follow from the requester view: each step by DM with Stop following, no survey; stop following', async () => {
    const { code } = await makeCustomer(app);
    // The guest filed it for their colleague: theirs to read as the requester's view gives it.
    const ticket = await makeTicket(
      app,
      { customerCode: code, requester: { userId: REQ }, title: 'Line 3 is down' },
      GUEST,
    );
    const view = await commandBody('/ticket', ticket.number, GUEST);
    expect(JSON.stringify(view)).toContain('Line 3 is down');
    expect(buttonsOf(view.blocks)).toContain(`requester_follow:${ticket.number}`);

    expect(await click('requester_follow', ticket.number, GUEST)).toContain(
      `You follow ticket *${ticket.number}* now`,
    );
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followers).toEqual([GUEST]);
    // Following twice is no change.
    await click('requester_follow', ticket.number, GUEST);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followers).toEqual([GUEST]);
    // Their view now offers Stop following.
    const again = await commandBody('/ticket', ticket.number, GUEST);
    expect(buttonsOf(again.blocks)).toContain(`requester_unfollow:${ticket.number}`);

    const before = dms(GUEST).length;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'note', text: 'internal: customer is difficult' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the sensor.' });
    const told = dms(GUEST).slice(before);
    expect(told.map((c) => String(c.args.text))).toEqual([
      `<@${AGENT}> is handling ticket *${ticket.number}* now.`,
      `Ticket *${ticket.number}* is resolved: Replaced the sensor.`,
    ]);
    for (const post of told)
      expect(buttonsOf(post.args.blocks as any[])).toEqual([`requester_unfollow:${ticket.number}`]);
    expect(JSON.stringify(told)).not.toContain('internal');
    // The requester got the survey; the follower did not.
    expect(JSON.stringify(dms(REQ))).toContain('requester_survey_');
    expect(JSON.stringify(dms(GUEST))).not.toContain('requester_survey_');

    // Stop following on the DM: the next step is not sent to them.
    expect(await click('requester_unfollow', ticket.number, GUEST)).toContain(
      `You no longer follow ticket *${ticket.number}*.`,
    );
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followers).toEqual([]);
    const stopped = dms(GUEST).length;
    await act(app, ticket.number, { action: 'reopen' });
    expect(dms(GUEST)).toHaveLength(stopped);
    expect(texts(REQ).at(-1)).toBe(`Ticket *${ticket.number}* is open again; we are back on it.`);
  });

  test("a follower's step DMs show phones and emails as their view of the ticket does: masked to a guest, in clear to its account manager", async () => {
    const PHONE = '13812345678';
    const { code } = await makeCustomer(app);
    const ticket = await makeTicket(app, {
      customerCode: code,
      requester: { userId: REQ },
      title: 'Line 3 is down',
    });
    // Made followers by the agent (Followers… takes a guest), as the database records it.
    await app.db.models.tickets.updateOne(
      { _id: ticket.id },
      { $set: { followers: [GUEST, OWNER] } },
    );
    const guestBefore = app.fake.postsTo(GUEST).length;
    const ownerBefore = app.fake.postsTo(OWNER).length;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'wait', question: `Call Wang back on ${PHONE}?` });
    await act(app, ticket.number, { action: 'resume' });
    await act(app, ticket.number, {
      action: 'resolve',
      summary: `Replaced the sensor; our engineer Wang is on ${PHONE} if it stops again.`,
    });
    await app.desk.outbox.drain();
    // The guest's view of the ticket masks it (not theirs to read in clear), and so do its DMs.
    const view = await app.slack.command('/ticket', ticket.number, { userId: GUEST });
    expect(JSON.stringify(view.body)).toContain('Replaced the sensor');
    expect(JSON.stringify(view.body)).not.toContain(PHONE);
    const told = JSON.stringify(app.fake.postsTo(GUEST).slice(guestBefore));
    expect(told).toContain('is resolved');
    expect(told).toContain('Call Wang back on 138****5678');
    expect(told).not.toContain(PHONE);
    // The customer's account manager reads it in clear, on the card as in the DMs.
    const owner = JSON.stringify(app.fake.postsTo(OWNER).slice(ownerBefore));
    expect(owner).toContain(`Call Wang back on ${PHONE}?`);
    expect(owner).toContain(`our engineer Wang is on ${PHONE}`);
  });

  test("a guest may not follow another's ticket (nor stop following it), nor the requester their own", async () => {
    const { code } = await makeCustomer(app);
    const other = await makeTicket(app, { customerCode: code, title: 'Another customer' });
    const refused = await click('requester_follow', other.number, GUEST);
    expect(refused).toContain('guests read only their own tickets');
    expect((await app.db.models.tickets.findById(other.id).lean())!.followers).toBeUndefined();
    // Nor is a crafted Stop following on it answered as if they followed it: told only that they
    // do not follow it, as for a number that is no ticket (not told whether it exists).
    const unfollow = await click('requester_unfollow', other.number, GUEST);
    expect(unfollow).toContain(`You don’t follow ticket *${other.number}*.`);
    expect(unfollow).not.toContain('no longer follow');
    expect(await click('requester_unfollow', 'T99999999', GUEST)).toContain(
      'You don’t follow ticket *T99999999*.',
    );

    const theirs = await makeTicket(app, { customerCode: code, requester: { userId: GUEST } });
    const view = await commandBody('/ticket', theirs.number, GUEST);
    expect(buttonsOf(view.blocks).filter((b: string) => b.includes('follow'))).toEqual([]);
    expect(await click('requester_follow', theirs.number, GUEST)).toContain(
      'you hear of each step anyway',
    );
    expect((await app.db.models.tickets.findById(theirs.id).lean())!.followers).toBeUndefined();
  });

  test('an erasure by Slack user takes them off the followers, says so in the plan, and nothing more is sent to them', async () => {
    const { code } = await makeCustomer(app);
    const ticket = await makeTicket(
      app,
      { customerCode: code, requester: { userId: REQ }, title: 'Line 3 is down' },
      GUEST,
    );
    await click('requester_follow', ticket.number, GUEST);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followers).toEqual([GUEST]);

    await app.slack.command('/desk', `privacy erase user:<@${GUEST}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    expect(modal.callback_id).toBe('privacy_erase');
    expect(JSON.stringify(modal.blocks)).toContain(
      'They follow 1 ticket: they are taken off its followers, and hear of it no more.',
    );
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const kept = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(kept.followers).toEqual([]);
    expect(JSON.stringify(kept)).not.toContain(GUEST);

    const before = dms(GUEST).length;
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the sensor.' });
    expect(dms(GUEST)).toHaveLength(before);
    expect(texts(REQ).some((t) => t.includes('is resolved: Replaced the sensor.'))).toBe(true);
  });

  /** Merges `dup` into `target` from the duplicate's card (Merge into…, the modal), as AGENT. */
  async function mergeFromCard(dup: string, target: string) {
    await app.slack.blockAction(
      { action_id: 'ticket_merge_open', value: dup, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: 'C0TRIAGE01' },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(view.callback_id).toBe('ticket_merge');
    await submitLastModal(app, { target }, AGENT);
  }

  /** The target resolved: what each of `people` was sent by DM since (drained). */
  async function resolveAndRead(target: { id: string; number: string }, people: string[]) {
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    const before = new Map(people.map((p) => [p, dms(p).length]));
    await act(app, target.number, { action: 'claim' });
    await act(app, target.number, { action: 'resolve', summary: 'Replaced the spindle.' });
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    return new Map(people.map((p) => [p, dms(p).slice(before.get(p))]));
  }

  test("Merge into… makes the duplicate's requester follow the target: they get its resolve notice, no survey", async () => {
    const ASKER = 'U0ASKER002';
    const { code } = await makeCustomer(app);
    const target = await makeTicket(app, {
      customerCode: code,
      requester: { userId: REQ },
      title: 'Line 3 down',
    });
    const dup = await makeTicket(app, {
      customerCode: code,
      requester: { userId: ASKER },
      title: 'Production stopped',
    });
    // A colleague follows the duplicate: told of the merge, and that they follow the target.
    const COLLEAGUE = 'U0COLLEAG5';
    await app.db.models.tickets.updateOne({ _id: dup.id }, { $set: { followers: [COLLEAGUE] } });
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    const stored = (await app.db.models.tickets.findById(target.id).lean())!;
    expect(stored.followers).toEqual([ASKER, COLLEAGUE]);
    await app.desk.outbox.drain();
    expect(texts(COLLEAGUE).at(-1)).toBe(
      `Ticket *${dup.number}* was merged into *${target.number}*: you follow it there.`,
    );
    // The requester is told where their request went, and that they now hear of its steps.
    expect(texts(ASKER).at(-1)).toBe(
      `Your ticket *${dup.number}* was merged into *${target.number}*: we follow it there, and you hear of each of its steps by direct message.`,
    );

    const got = (await resolveAndRead(target, [ASKER])).get(ASKER)!;
    expect(got.map((c) => String(c.args.text))).toContain(
      `Ticket *${target.number}* is resolved: Replaced the spindle.`,
    );
    expect(JSON.stringify(got)).not.toContain('requester_survey_');
  });

  test("Merge into… into a target with no room: the duplicate's follower is not told they follow it", async () => {
    const FOLLOWER = 'U0FOLLOW06';
    const { code } = await makeCustomer(app);
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    const full = Array.from({ length: 20 }, (_, i) => `U0FULL${String(i).padStart(4, '0')}`);
    await app.db.models.tickets.updateOne({ _id: target.id }, { $set: { followers: full } });
    const dup = await makeTicket(app, { customerCode: code, title: 'Production stopped' });
    await app.db.models.tickets.updateOne({ _id: dup.id }, { $set: { followers: [FOLLOWER] } });
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    expect((await app.db.models.tickets.findById(target.id).lean())!.followers).toEqual(full);
    await app.desk.outbox.drain();
    expect(texts(FOLLOWER).at(-1)).toBe(
      `Ticket *${dup.number}* was merged into *${target.number}*; you do not follow *${target.number}*, so you hear no more of it here.`,
    );
  });

  test('Merge into… into a target with no room: its requester is not told they hear of its steps, nor by the repair of a merge cut short', async () => {
    const ASKER = 'U0ASKER007';
    const LATE = 'U0ASKER008';
    const { code } = await makeCustomer(app);
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    const full = Array.from({ length: 20 }, (_, i) => `U0FULL${String(i).padStart(4, '0')}`);
    await app.db.models.tickets.updateOne({ _id: target.id }, { $set: { followers: full } });
    const dup = await makeTicket(app, {
      customerCode: code,
      requester: { userId: ASKER },
      title: 'Production stopped',
    });
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    expect((await app.db.models.tickets.findById(target.id).lean())!.followers).toEqual(full);
    await app.desk.outbox.drain();
    expect(texts(ASKER).at(-1)).toBe(
      `Your ticket *${dup.number}* was merged into *${target.number}*: we follow it there.`,
    );

    // A merge cut short after closing the duplicate: the repair follows the target again (still
    // no room) and words the requester's notice from who follows it then.
    const late = await makeTicket(app, {
      customerCode: code,
      requester: { userId: LATE },
      title: 'Line 3 stopped too',
    });
    await act(app, late.number, { action: 'claim' });
    await app.desk.services.tickets.act(await ctxOf(app, AGENT), late.number, {
      action: 'merge',
      into: target.number,
    });
    app.clock.advance(NOTICES_REPAIR_MS + 60_000);
    expect(
      await app.desk.flows.tickets.repairNotices(app.clock.now(), createLogger('silent')),
    ).toMatchObject({ repaired: 1 });
    await app.desk.outbox.drain();
    expect((await app.db.models.tickets.findById(target.id).lean())!.followers).toEqual(full);
    expect(texts(LATE).at(-1)).toBe(
      `Your ticket *${late.number}* was merged into *${target.number}*: we follow it there.`,
    );
  });

  test("Merge into… never makes the target's assignee follow it: their follower DMs would come beside their own", async () => {
    const ASKER = 'U0ASKER009';
    const COLLEAGUE = 'U0COLLEAG9';
    const HOLDER = 'U0AGENT003';
    const BOSS = 'U0MANAGER9';
    await app.setSettings(() => ({ agents: [AGENT, HOLDER], managers: [BOSS] }));
    const { code } = await makeCustomer(app);
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, target.number, { action: 'claim' }, HOLDER);
    // The target's assignee follows the duplicate (before it was theirs to know of it otherwise).
    const dup = await makeTicket(app, {
      customerCode: code,
      requester: { userId: ASKER },
      title: 'Production stopped',
    });
    await app.db.models.tickets.updateOne(
      { _id: dup.id },
      { $set: { followers: [HOLDER, COLLEAGUE] } },
    );
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    expect((await app.db.models.tickets.findById(target.id).lean())!.followers).toEqual([
      ASKER,
      COLLEAGUE,
    ]);
    // Told of the merge as the one who works the target, not that they hear no more of it.
    await app.desk.outbox.drain();
    expect(texts(HOLDER).at(-1)).toBe(
      `Ticket *${dup.number}* was merged into *${target.number}*: *${target.number}* is yours, so you carry on with it there.`,
    );
    expect(texts(COLLEAGUE).at(-1)).toBe(
      `Ticket *${dup.number}* was merged into *${target.number}*: you follow it there.`,
    );
    // The next step of the target, by a manager: the assignee gets no follower DM of it.
    const before = dms(HOLDER).length;
    await act(app, target.number, { action: 'wait', question: 'Which line?' }, BOSS);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(
      texts(HOLDER)
        .slice(before)
        .filter((t) => t.includes('is waiting on its requester')),
    ).toEqual([]);
    expect(texts(COLLEAGUE).at(-1)).toBe(
      `Ticket *${target.number}* is waiting on its requester. <@${BOSS}> asked: Which line?`,
    );
  });

  test('Merge into… of a request into another of the same requester: told where the target reaches them, its thread or their DM', async () => {
    const { code } = await makeCustomer(app);
    const CHANNEL = 'C0CUSTOM01';
    // The target is answered in its conversation thread in the customer's channel.
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await app.db.models.tickets.updateOne(
      { _id: target.id },
      { $set: { conversation: { channel: CHANNEL, ts: '1764000000.000900' } } },
    );
    const dup = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    await app.desk.outbox.drain();
    expect(texts(REQ).at(-1)).toBe(
      `Your ticket *${dup.number}* was merged into *${target.number}*: we follow it there, and you hear of each of its steps in its thread in <#${CHANNEL}>.`,
    );
    // Its next step reaches them there, not by DM.
    await act(app, target.number, { action: 'claim' });
    await app.desk.outbox.drain();
    expect(
      app.fake
        .postsTo(CHANNEL)
        .map((c) => String(c.args.text))
        .at(-1),
    ).toBe(`<@${AGENT}> is handling your ticket *${target.number}* now.`);

    // A target with no conversation reaches them by DM.
    const byDm = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    const again = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, again.number, { action: 'claim' });
    await mergeFromCard(again.number, byDm.number);
    await app.desk.outbox.drain();
    expect(texts(REQ).at(-1)).toBe(
      `Your ticket *${again.number}* was merged into *${byDm.number}*: we follow it there, and you hear of each of its steps by direct message.`,
    );
  });

  test('Merge into… of a ticket its requester follows into theirs: told where it reaches them as its requester (its thread, else by DM), not that they follow it', async () => {
    const CHANNEL = 'C0CUSTOM02';
    const { code } = await makeCustomer(app);
    // The target's requester follows the duplicate: told where the target reaches them.
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await app.db.models.tickets.updateOne(
      { _id: target.id },
      { $set: { conversation: { channel: CHANNEL, ts: '1764000000.000901' } } },
    );
    const dup = await makeTicket(app, { customerCode: code, title: 'Production stopped' });
    await click('requester_follow', dup.number, REQ);
    await act(app, dup.number, { action: 'claim' });
    await mergeFromCard(dup.number, target.number);
    await app.desk.outbox.drain();
    expect(texts(REQ).at(-1)).toBe(
      `Ticket *${dup.number}* was merged into *${target.number}*: you asked for *${target.number}*, and you hear of each of its steps in its thread in <#${CHANNEL}>.`,
    );
    // A target with no conversation: by DM.
    const byDm = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    const other = await makeTicket(app, { customerCode: code, title: 'Line 3 stopped too' });
    await click('requester_follow', other.number, REQ);
    await act(app, other.number, { action: 'claim' });
    await mergeFromCard(other.number, byDm.number);
    await app.desk.outbox.drain();
    expect(texts(REQ).at(-1)).toBe(
      `Ticket *${other.number}* was merged into *${byDm.number}*: you asked for *${byDm.number}*, and you hear of each of its steps by direct message.`,
    );
  });

  test('Merge into… of a request into a ticket its requester holds: told it is theirs, as a follower holding it is, whatever their role on the duplicate', async () => {
    const HOLDER = 'U0AGENT004';
    await app.setSettings(() => ({ agents: [AGENT, HOLDER] }));
    const { code } = await makeCustomer(app);
    const held = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, held.number, { action: 'claim' }, HOLDER);
    const asked = await makeTicket(app, {
      customerCode: code,
      requester: { userId: HOLDER },
      title: 'Our line too',
    });
    await act(app, asked.number, { action: 'claim' });
    await mergeFromCard(asked.number, held.number);
    expect((await app.db.models.tickets.findById(held.id).lean())!.followers ?? []).toEqual([]);
    await app.desk.outbox.drain();
    expect(texts(HOLDER).at(-1)).toBe(
      `Your ticket *${asked.number}* was merged into *${held.number}*: *${held.number}* is yours, so you carry on with it there.`,
    );

    // In the workspace's language too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zhHeld = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, zhHeld.number, { action: 'claim' }, HOLDER);
    const zhAsked = await makeTicket(app, { customerCode: code, requester: { userId: HOLDER } });
    await click('requester_follow', zhAsked.number, REQ);
    await act(app, zhAsked.number, { action: 'claim' });
    await mergeFromCard(zhAsked.number, zhHeld.number);
    await app.desk.outbox.drain();
    expect(texts(HOLDER).at(-1)).toBe(
      `您的请求 *${zhAsked.number}* 已合并到 *${zhHeld.number}*：*${zhHeld.number}* 由您负责，请在那里继续处理。`,
    );
    expect(texts(REQ).at(-1)).toBe(
      `工单 *${zhAsked.number}* 已合并到 *${zhHeld.number}*：*${zhHeld.number}* 是您提出的请求，其每一步进展都会私信告知您。`,
    );
  });

  test("Merge into… adds nobody who may not read the target: a guest's duplicate, another customer's", async () => {
    const ASKER = 'U0ASKER003';
    const OTHER = 'U0OTHER004';
    const { code } = await makeCustomer(app);
    const { code: otherCode } = await makeCustomer(app, { name: 'Other Works Ltd' });
    const target = await makeTicket(app, {
      customerCode: code,
      requester: { userId: REQ },
      title: 'Line 3 down',
    });
    // Filed by a guest for a colleague, the guest following it: a guest reads only their own.
    const byGuest = await makeTicket(
      app,
      { customerCode: code, requester: { userId: ASKER }, title: 'Production stopped' },
      GUEST,
    );
    // As `/ticket new` by a guest stores it (Slack said guest: src/ticket/service.ts `create`);
    // the factory's context does not ask Slack.
    await app.db.models.tickets.updateOne({ _id: byGuest.id }, { $set: { filedByGuest: true } });
    await click('requester_follow', byGuest.number, GUEST);
    await act(app, byGuest.number, { action: 'claim' });
    await mergeFromCard(byGuest.number, target.number);
    // Another customer's ticket merged in: its requester must not read this customer's ticket.
    const other = await makeTicket(app, {
      customerCode: otherCode,
      requester: { userId: OTHER },
      title: 'Also stopped',
    });
    await act(app, other.number, { action: 'claim' });
    await mergeFromCard(other.number, target.number);
    const stored = (await app.db.models.tickets.findById(target.id).lean())!;
    expect(stored.followers ?? []).toEqual([]);
    // The guest following the duplicate is told of the merge, not that they follow the target.
    await app.desk.outbox.drain();
    expect(texts(GUEST).at(-1)).toBe(
      `Ticket *${byGuest.number}* was merged into *${target.number}*; you do not follow *${target.number}*, so you hear no more of it here.`,
    );
    // Each requester is told where their request went, and nothing of hearing more of it.
    expect(texts(OTHER).at(-1)).toBe(
      `Your ticket *${other.number}* was merged into *${target.number}*: we follow it there.`,
    );
    expect(texts(ASKER).at(-1)).toBe(
      `Your ticket *${byGuest.number}* was merged into *${target.number}*: we follow it there.`,
    );

    const got = await resolveAndRead(target, [ASKER, GUEST, OTHER]);
    for (const who of [ASKER, GUEST, OTHER])
      expect(JSON.stringify(got.get(who))).not.toContain(target.number);
  });
});

/** Two colleagues of the requester the assignee adds; another agent; a manager. */
const COLL1 = 'U0COLLEAG1';
const COLL2 = 'U0COLLEAG2';
const AGENT2 = 'U0AGENT002';
const MANAGER = 'U0MANAGER1';
/** Someone of the workspace the roles name nowhere. */
const MEMBER = 'U0MEMBER01';

describe("the card's Followers…: the assignee or a manager picks who follows the ticket", () => {
  beforeEach(() =>
    app.setSettings(() => ({
      agents: [AGENT, AGENT2],
      managers: [MANAGER],
      accountManagers: [OWNER],
    })),
  );

  /** The triage card of `number` as Slack last had it (posted, then updated in place). */
  const triageCard = (number: string) => triageCardOf(app, TRIAGE, number);

  /**
   * Followers… clicked on the card by `userId` (its button; `menu`: the "…" menu's choice of a
   * card posted before it had the button): the modal opened, what they were told.
   */
  async function chooseFollowers(number: string, userId: string, menu = false) {
    const opened = app.fake.callsTo('views.open').length;
    const told = app.fake.callsTo('response_url').length;
    await app.slack.blockAction(
      menu
        ? {
            action_id: 'ticket_card_menu',
            block_id: 'ticket_actions',
            type: 'overflow',
            selected_option: {
              text: { type: 'plain_text', text: 'Followers…' },
              value: `followers:${number}`,
            },
          }
        : { action_id: 'ticket_followers_open', block_id: 'ticket_follow', value: number },
      { userId, channelId: TRIAGE },
    );
    return {
      view: app.fake.callsTo('views.open').slice(opened)[0]?.args.view as
        Record<string, any> | undefined,
      told: app.fake
        .callsTo('response_url')
        .slice(told)
        .map((c) => String(c.args.text)),
    };
  }

  /**
   * The Followers… modal `view` saved by `userId` with `followers` (ids, comma separated) while
   * writing the follower DMs to the outbox fails (the process gone): the followers saved, the DMs
   * owed.
   */
  async function saveFollowersCutShort(
    view: Record<string, any>,
    followers: string,
    userId: string,
  ) {
    const restore = failCalls(app.desk.services.outbox, 'enqueue', {
      when: (_ctx, entries) => entries.some((e) => e.key.startsWith('follower:')),
    });
    try {
      await app.slack.submitView(view, { followers }, { userId });
    } finally {
      restore();
    }
  }

  /** A card's actions row (its buttons and "…" menu), and its following row. */
  const actionsRow = (blocks: Parameters<typeof buttons>[0]) =>
    blocks.filter((b) => b.block_id === 'ticket_actions');
  const followRow = (blocks: Parameters<typeof buttons>[0]) =>
    blocks.filter((b) => b.block_id === 'ticket_follow');

  /** The modal's people picker: who it has picked already. */
  const picked = (view: Record<string, any>) =>
    view.blocks.find((b: any) => b.block_id === 'followers')?.element.initial_users ?? [];

  const followersOf = async (id: string) =>
    (await app.db.models.tickets.findById(id).lean())!.followers ?? [];

  async function claimed() {
    const { code } = await makeCustomer(app);
    const ticket = await makeTicket(app, {
      customerCode: code,
      requester: { userId: REQ },
      title: 'Line 3 is down',
    });
    await act(app, ticket.number, { action: 'claim' });
    return ticket;
  }

  test('added from the menu: each told once who added them, with Stop following, and the next step; one taken off hears nothing more', async () => {
    const ticket = await claimed();
    const card = await triageCard(ticket.number);
    // Six buttons (Reply to requester…, theirs in Slack, beside Resolve; Escalate too, the menu
    // full with New task last), and the menu; Follow and Followers… in a row of their own.
    expect(buttons(actionsRow(card)).map((b) => b.text)).toEqual([
      'Resolve',
      'Reply to requester…',
      'Waiting on customer',
      'Add note',
      'Log response',
      'Escalate',
    ]);
    expect(menuChoices(card).map((c) => c.text)).not.toContain('Followers…');
    expect(buttons(followRow(card))).toEqual([
      { actionId: 'requester_follow', text: 'Follow', value: ticket.number },
      { actionId: 'ticket_followers_open', text: 'Followers…', value: ticket.number },
    ]);

    const first = await chooseFollowers(ticket.number, AGENT);
    expect(first.told).toEqual([]);
    expect(first.view!.callback_id).toBe('ticket_followers');
    expect(JSON.stringify(first.view)).toContain(ticket.number);
    expect(picked(first.view!)).toEqual([]);
    const saved = await app.slack.submitView(
      first.view!,
      { followers: `${COLL1},${COLL2}` },
      { userId: AGENT },
    );
    expect(saved.body).toBe('');
    expect(await followersOf(ticket.id)).toEqual([COLL1, COLL2]);
    await app.desk.outbox.drain();
    for (const who of [COLL1, COLL2]) {
      expect(texts(who)).toEqual([
        `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
      ]);
      expect(buttonsOf(dms(who)[0]!.args.blocks as any[])).toEqual([
        `requester_unfollow:${ticket.number}`,
      ]);
    }
    // The requester is not told of it.
    expect(JSON.stringify(dms(REQ))).not.toContain('You now follow');

    // The next step reaches both.
    await act(app, ticket.number, { action: 'wait', question: 'Which line?' });
    await act(app, ticket.number, { action: 'resume' });
    await app.desk.outbox.drain();
    for (const who of [COLL1, COLL2])
      expect(texts(who).at(-1)).toBe(
        `Ticket *${ticket.number}* is waiting on its requester. <@${AGENT}> asked: Which line?`,
      );

    // Opened again: both picked already; the second taken off.
    const again = await chooseFollowers(ticket.number, AGENT);
    expect(picked(again.view!)).toEqual([COLL1, COLL2]);
    expect(
      (await app.slack.submitView(again.view!, { followers: COLL1 }, { userId: AGENT })).body,
    ).toBe('');
    expect(await followersOf(ticket.id)).toEqual([COLL1]);
    const sent = { c1: dms(COLL1).length, c2: dms(COLL2).length };
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the sensor.' });
    await app.desk.outbox.drain();
    // The one kept: not told again of being added, told the resolution; the other: nothing.
    expect(texts(COLL1).slice(sent.c1)).toEqual([
      `Ticket *${ticket.number}* is resolved: Replaced the sensor.`,
    ]);
    expect(dms(COLL2)).toHaveLength(sent.c2);

    // Added again: told again, once, though the same pick is submitted twice at once and again.
    const third = await chooseFollowers(ticket.number, AGENT);
    const readd = () =>
      app.slack.submitView(third.view!, { followers: `${COLL1},${COLL2}` }, { userId: AGENT });
    await Promise.all([readd(), readd()]);
    await readd();
    expect(await followersOf(ticket.id)).toEqual([COLL1, COLL2]);
    await app.desk.outbox.drain();
    expect(texts(COLL2).slice(sent.c2)).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
    ]);
    // The one who stayed is not told again.
    expect(texts(COLL1).slice(sent.c1)).toEqual([
      `Ticket *${ticket.number}* is resolved: Replaced the sensor.`,
    ]);
  });

  test('the DM owed from the save: cut short before the outbox, the outbox job sends it once, to whoever still follows', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    // The followers are saved, then writing the DMs to the outbox fails (the process gone).
    await saveFollowersCutShort(view!, `${COLL1},${COLL2},${AGENT2}`, AGENT);
    expect(await followersOf(ticket.id)).toEqual([COLL1, COLL2, AGENT2]);
    await app.desk.outbox.drain();
    for (const who of [COLL1, COLL2, AGENT2]) expect(dms(who)).toEqual([]);
    // Submitted again: nobody added, nobody told.
    const again = await chooseFollowers(ticket.number, AGENT);
    await app.slack.submitView(
      again.view!,
      { followers: `${COLL1},${COLL2},${AGENT2}` },
      {
        userId: AGENT,
      },
    );
    // One stops following before the repair: never told.
    await click('requester_unfollow', ticket.number, AGENT2);
    await app.desk.outbox.drain();
    for (const who of [COLL1, COLL2, AGENT2])
      expect(texts(who)).not.toContain(expect.stringContaining('You now follow'));

    const base = app.clock.now().getTime();
    const added = `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`;
    // Not within two minutes (its request may still be at it); then once, however often it runs.
    await runJobAt(app, outboxJob, new Date(base + 60_000).toISOString());
    for (const who of [COLL1, COLL2]) expect(dms(who)).toEqual([]);
    await runJobAt(app, outboxJob, new Date(base + 3 * 60_000).toISOString());
    for (const who of [COLL1, COLL2]) {
      expect(texts(who)).toEqual([added]);
      expect(buttonsOf(dms(who)[0]!.args.blocks as any[])).toEqual([
        `requester_unfollow:${ticket.number}`,
      ]);
    }
    expect(dms(AGENT2)).toEqual([]);
    await runJobAt(app, outboxJob, new Date(base + 10 * 60_000).toISOString());
    for (const who of [COLL1, COLL2, AGENT2]) expect(dms(who)).toEqual([]);
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/ })).toBe(2);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followersOwed).toEqual([]);
  });

  test('an erasure of a person owed the DM takes the debt off the ticket with them: the repair sends nothing', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    await saveFollowersCutShort(view!, GUEST, AGENT);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followersOwed).toMatchObject([
      { user: GUEST, by: AGENT },
    ]);
    await app.slack.command('/desk', `privacy erase user:<@${GUEST}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const kept = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(JSON.stringify(kept)).not.toContain(GUEST);
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 3 * 60_000).toISOString());
    expect(dms(GUEST)).toEqual([]);
  });

  test('an erasure of the person who added them keeps the DM owed: the repair sends it worded without them, naming them nowhere', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, MANAGER);
    await saveFollowersCutShort(view!, COLL1, MANAGER);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followersOwed).toMatchObject([
      { user: COLL1, by: MANAGER },
    ]);
    // No longer a manager, with nothing of theirs the desk keeps as staff's record (the harness's
    // settings write leaves no history entry): erasable by Slack user.
    await app.setSettings(() => ({ managers: [] }));
    await app.slack.command('/desk', `privacy erase user:<@${MANAGER}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    const kept = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(JSON.stringify(kept)).not.toContain(MANAGER);
    expect(kept.followersOwed).toHaveLength(1);
    expect(kept.followersOwed![0]).toMatchObject({ user: COLL1 });
    expect(kept.followersOwed![0]!.by).toBeUndefined();

    const base = app.clock.now().getTime();
    await runJobAt(app, outboxJob, new Date(base + 60_000).toISOString());
    expect(dms(COLL1)).toEqual([]);
    await runJobAt(app, outboxJob, new Date(base + 3 * 60_000).toISOString());
    expect(texts(COLL1)).toEqual([
      `You were added to the followers of ticket *${ticket.number}*: you hear of each step here, by direct message.`,
    ]);
    expect(JSON.stringify(dms(COLL1))).not.toContain(MANAGER);
    expect(JSON.stringify(dms(COLL1))).not.toContain('[erased]');
    expect(buttonsOf(dms(COLL1)[0]!.args.blocks as any[])).toEqual([
      `requester_unfollow:${ticket.number}`,
    ]);
    await runJobAt(app, outboxJob, new Date(base + 10 * 60_000).toISOString());
    expect(dms(COLL1)).toEqual([]);
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/ })).toBe(1);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followersOwed).toEqual([]);
  });

  test('an erasure of the person who added them while the DM waits in the outbox: it goes out worded without them, naming them nowhere', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, MANAGER);
    // Saved and written to the outbox, not delivered yet (Slack slow, quiet hours).
    const outbox = app.desk.outbox as unknown as { deliver: (...args: unknown[]) => unknown };
    const deliver = outbox.deliver;
    outbox.deliver = async () => undefined;
    try {
      await app.slack.submitView(view!, { followers: COLL1 }, { userId: MANAGER });
    } finally {
      outbox.deliver = deliver;
    }
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/ })).toBe(1);
    expect(dms(COLL1)).toEqual([]);
    await app.setSettings(() => ({ managers: [] }));
    await app.slack.command('/desk', `privacy erase user:<@${MANAGER}>`, { userId: ADMIN });
    const modal = app.fake.callsTo('views.update').at(-1)!.args.view as Record<string, any>;
    await app.slack.submitView(modal as never, {}, { userId: ADMIN });
    await app.desk.outbox.drain();
    expect(texts(COLL1)).toEqual([
      `You were added to the followers of ticket *${ticket.number}*: you hear of each step here, by direct message.`,
    ]);
    expect(JSON.stringify(dms(COLL1))).not.toContain(MANAGER);
    expect(JSON.stringify(dms(COLL1))).not.toContain('[erased]');
    expect(buttonsOf(dms(COLL1)[0]!.args.blocks as any[])).toEqual([
      `requester_unfollow:${ticket.number}`,
    ]);
  });

  test('the DM waiting in the outbox of one who no longer follows by the time it goes out (Stop following, made the assignee): not sent; the one still following gets it', async () => {
    const ticket = await claimed();
    await chooseFollowers(ticket.number, AGENT);
    // Saved and written to the outbox, not delivered yet (Slack slow, quiet hours).
    const outbox = app.desk.outbox as unknown as { deliver: (...args: unknown[]) => unknown };
    const deliver = outbox.deliver;
    outbox.deliver = async () => undefined;
    try {
      await submitLastModal(app, { followers: `${COLL1},${COLL2},${AGENT2}` }, AGENT);
      // COLL1 stops following on the card; the ticket is reassigned to AGENT2, which takes them
      // off the followers.
      expect(await followOnCard(ticket.number, COLL1, false)).toContain(
        `You no longer follow ticket *${ticket.number}*.`,
      );
      await app.slack.blockAction(
        { action_id: 'ticket_reassign_open', value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
      await submitLastModal(app, { assignee: AGENT2 }, AGENT);
    } finally {
      outbox.deliver = deliver;
    }
    expect(await followersOf(ticket.id)).toEqual([COLL2]);
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/, state: 'pending' })).toBe(
      3,
    );
    for (const who of [COLL1, COLL2, AGENT2]) expect(dms(who)).toEqual([]);
    // Past the lease the reassigning request took on its own notices.
    app.clock.advance(2 * 60_000);
    await app.desk.outbox.drain();
    expect(followerDms(COLL1, ticket.number, 0)).toEqual([]);
    expect(followerDms(AGENT2, ticket.number, 0)).toEqual([]);
    expect(texts(AGENT2).join('\n')).toContain('is yours now');
    expect(texts(COLL2)).toContain(
      `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
    );
    // Done with: not tried again.
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/, state: 'pending' })).toBe(
      0,
    );
    await app.desk.outbox.drain();
    expect(texts(COLL1).concat(texts(AGENT2)).join('\n')).not.toContain('You now follow');
  });

  test('added, taken off and added again while quiet hours hold the first DM: the morning sends one, from the latest addition', async () => {
    const ticket = await claimed();
    await app.setSettings(() => ({ quietHours: { enabled: true, start: '22:00', end: '08:00' } }));
    // Tuesday 22:30: the agent adds COLL1; they stop following on the card; a manager adds them
    // again. Each addition's DM waits for the morning.
    app.clock.set('2026-11-24T14:30:00Z');
    await chooseFollowers(ticket.number, AGENT);
    await submitLastModal(app, { followers: COLL1 }, AGENT);
    expect(await followOnCard(ticket.number, COLL1, false)).toContain(
      `You no longer follow ticket *${ticket.number}*.`,
    );
    app.clock.set('2026-11-24T14:40:00Z');
    await chooseFollowers(ticket.number, MANAGER);
    await submitLastModal(app, { followers: COLL1 }, MANAGER);
    expect(await followersOf(ticket.id)).toEqual([COLL1]);
    await app.desk.outbox.drain();
    expect(followerDms(COLL1, ticket.number, 0)).toEqual([]);
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/, state: 'pending' })).toBe(
      2,
    );

    // Wednesday 08:00: one DM, saying who added them last.
    app.clock.set('2026-11-25T00:00:00Z');
    await app.desk.outbox.drain();
    expect(texts(COLL1).filter((t) => t.includes('follow'))).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${MANAGER}>): you hear of each step here, by direct message.`,
    ]);
    expect(await app.db.models.outbox.countDocuments({ key: /^follower:/, state: 'pending' })).toBe(
      0,
    );
    await app.desk.outbox.drain();
    expect(texts(COLL1).filter((t) => t.includes('You now follow'))).toHaveLength(1);
  });

  test('refused on the field: more than 20, the requester (told anyway), the assignee, a bot, a deactivated account; nothing changed, nobody told', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    const errorOf = async (followers: string) => {
      const res = await app.slack.submitView(view!, { followers }, { userId: AGENT });
      return (res.body as { response_action?: string; errors?: Record<string, string> }) ?? {};
    };
    const many = Array.from({ length: 21 }, (_, i) => `U0MANY${String(i).padStart(4, '0')}`);
    expect(await errorOf(many.join(','))).toEqual({
      response_action: 'errors',
      errors: { followers: 'Pick at most 20 people: you picked 21.' },
    });
    expect((await errorOf(`${COLL1},${REQ}`)).errors).toEqual({
      followers: `The requester of ${ticket.number} is among them: they are told of each step anyway, so leave them out.`,
    });
    // Its assignee works every step already (Follow refuses them too): picked, refused.
    expect((await errorOf(`${COLL1},${AGENT}`)).errors).toEqual({
      followers: `The assignee of ${ticket.number} is among them: each of its steps is theirs already, so leave them out.`,
    });
    expect((await errorOf(`${COLL1},${FAKE_BOT_USER_ID}`)).errors?.followers).toMatch(
      /is a bot: pick a person of the workspace\.$/,
    );
    expect((await errorOf(FAKE_DEACTIVATED_USER_ID)).errors?.followers).toMatch(
      /^The account of .+ is deactivated: pick someone else\.$/,
    );
    expect(await followersOf(ticket.id)).toEqual([]);
    await app.desk.outbox.drain();
    for (const who of [COLL1, ...many.slice(0, 2), FAKE_DEACTIVATED_USER_ID])
      expect(dms(who)).toEqual([]);
    // The assignee refused in the workspace's language too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect((await errorOf(AGENT)).errors).toEqual({
      followers: `其中有工单 ${ticket.number} 的处理人：每一步进展他们都已知晓，请将其移除。`,
    });
    expect(await followersOf(ticket.id)).toEqual([]);
    await app.setSettings(() => ({ locale: 'en' }));
    // Twenty is the most, and accepted.
    expect((await errorOf(many.slice(0, 20).join(','))).errors).toBeUndefined();
    expect(await followersOf(ticket.id)).toHaveLength(20);
  });

  test('refused to an agent who is not the assignee (the choice and a submit), allowed a manager; a closed ticket refused as stale', async () => {
    const ticket = await claimed();
    const refused = await chooseFollowers(ticket.number, AGENT2);
    expect(refused.view).toBeUndefined();
    expect(refused.told).toEqual([
      `Only the assignee (<@${AGENT}>) or a manager can change the followers of this ticket.`,
    ]);
    // The modal as the assignee had it, submitted by the other agent: nothing changes.
    const { view } = await chooseFollowers(ticket.number, AGENT);
    await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT2 });
    expect(await followersOf(ticket.id)).toEqual([]);
    await app.desk.outbox.drain();
    expect(dms(COLL1)).toEqual([]);

    // A manager may (here from the "…" menu of a card posted before Followers… had its button).
    const managed = await chooseFollowers(ticket.number, MANAGER, true);
    expect(
      (await app.slack.submitView(managed.view!, { followers: COLL1 }, { userId: MANAGER })).body,
    ).toBe('');
    expect(await followersOf(ticket.id)).toEqual([COLL1]);
    await app.desk.outbox.drain();
    expect(texts(COLL1)).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${MANAGER}>): you hear of each step here, by direct message.`,
    ]);

    // Closed meanwhile: the menu's choice, as on a card gone stale, and a submit, are refused.
    await act(app, ticket.number, { action: 'resolve', summary: 'Done.' });
    await act(app, ticket.number, { action: 'close' });
    const stale = await chooseFollowers(ticket.number, AGENT);
    expect(stale.view).toBeUndefined();
    expect(stale.told).toEqual([`${ticket.number} is closed; nothing more can be done with it.`]);
    await app.slack.submitView(view!, { followers: COLL2 }, { userId: AGENT });
    expect(await followersOf(ticket.id)).toEqual([COLL1]);
  });

  /** Follow or Stop following clicked on the triage card by `userId`: what they were told. */
  async function followOnCard(number: string, userId: string, follow = true): Promise<string> {
    const told = app.fake.callsTo('response_url').length;
    await app.slack.blockAction(
      {
        action_id: follow ? 'requester_follow' : 'requester_unfollow',
        block_id: 'ticket_follow',
        value: number,
      },
      { userId, channelId: TRIAGE },
    );
    return JSON.stringify(app.fake.callsTo('response_url')[told]?.args ?? null);
  }

  test('a member who reads the ticket follows it from /ticket T… or the card, hears its steps, and stops; its assignee and requester are refused, and a closed ticket', async () => {
    const ticket = await claimed();
    // Someone of the workspace the roles name nowhere: they read the desk's card, Follow on it
    // (not Followers…, the assignee's and the managers').
    const view = await commandBody('/ticket', ticket.number, MEMBER);
    expect(JSON.stringify(view)).toContain('Line 3 is down');
    expect(buttonsOf(view.blocks)).toContain(`requester_follow:${ticket.number}`);
    expect(buttonsOf(view.blocks)).not.toContain(`ticket_followers_open:${ticket.number}`);
    expect(await followOnCard(ticket.number, MEMBER)).toContain(
      `You follow ticket *${ticket.number}* now`,
    );
    expect(await followersOf(ticket.id)).toEqual([MEMBER]);
    // Their card now offers Stop following instead.
    const again = buttonsOf((await commandBody('/ticket', ticket.number, MEMBER)).blocks);
    expect(again).toContain(`requester_unfollow:${ticket.number}`);
    expect(again).not.toContain(`requester_follow:${ticket.number}`);
    // Another agent follows from the shared card's row: they are offered it on theirs too.
    expect(buttonsOf((await commandBody('/ticket', ticket.number, AGENT2)).blocks)).toContain(
      `requester_follow:${ticket.number}`,
    );
    expect(await followOnCard(ticket.number, AGENT2)).toContain('You follow ticket');
    expect(await followersOf(ticket.id)).toEqual([MEMBER, AGENT2]);

    // The assignee is offered no Follow and is refused one: every step is theirs already.
    const own = await commandBody('/ticket', ticket.number, AGENT);
    expect(buttonsOf(own.blocks)).not.toContain(`requester_follow:${ticket.number}`);
    expect(buttonsOf(own.blocks)).toContain(`ticket_followers_open:${ticket.number}`);
    expect(await followOnCard(ticket.number, AGENT)).toContain(
      `You are the assignee of ticket ${ticket.number}: each of its steps is yours already, so there is nothing to follow.`,
    );
    // The requester neither (told anyway).
    expect(await followOnCard(ticket.number, REQ)).toContain('you hear of each step anyway');
    expect(await followersOf(ticket.id)).toEqual([MEMBER, AGENT2]);

    // A step reaches the followers by DM, with Stop following.
    await act(app, ticket.number, { action: 'wait', question: 'Which line?' });
    await app.desk.outbox.drain();
    for (const who of [MEMBER, AGENT2]) {
      expect(texts(who).at(-1)).toBe(
        `Ticket *${ticket.number}* is waiting on its requester. <@${AGENT}> asked: Which line?`,
      );
      expect(buttonsOf(dms(who).at(-1)!.args.blocks as any[])).toEqual([
        `requester_unfollow:${ticket.number}`,
      ]);
    }
    expect(texts(AGENT).join('\n')).not.toContain('is waiting on its requester');

    // Stop following from the card: the next step is not sent to them.
    expect(await followOnCard(ticket.number, MEMBER, false)).toContain(
      `You no longer follow ticket *${ticket.number}*.`,
    );
    expect(await followersOf(ticket.id)).toEqual([AGENT2]);
    // Again (a step DM's button after the card's, a double click): the one line a guest reads
    // too, not "no longer" for a change that was not made; a number that is no ticket said so.
    const twice = await followOnCard(ticket.number, MEMBER, false);
    expect(twice).toContain(`You don’t follow ticket *${ticket.number}*.`);
    expect(twice).not.toContain('no longer follow');
    expect(await followersOf(ticket.id)).toEqual([AGENT2]);
    expect(await followOnCard('T99999999', MEMBER, false)).toContain(
      'No ticket has the number T99999999.',
    );
    const sent = dms(MEMBER).length;
    await act(app, ticket.number, { action: 'resume' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the sensor.' });
    await app.desk.outbox.drain();
    expect(dms(MEMBER)).toHaveLength(sent);

    // Closed: Follow is refused as a stale click, and no longer offered.
    await act(app, ticket.number, { action: 'close' });
    expect(await followOnCard(ticket.number, MEMBER)).toContain(
      `${ticket.number} is closed; nothing more can be done with it.`,
    );
    expect(await followersOf(ticket.id)).toEqual([AGENT2]);
    expect(
      buttonsOf((await commandBody('/ticket', ticket.number, MEMBER)).blocks).filter((b: string) =>
        b.includes('follow'),
      ),
    ).toEqual([]);
  });

  /** The DMs `userId` got since `from` that are a follower's (with their Stop following). */
  const followerDms = (userId: string, number: string, from: number) =>
    dms(userId)
      .slice(from)
      .filter((c) =>
        buttonsOf(c.args.blocks as any[] | string).includes(`requester_unfollow:${number}`),
      )
      .map((c) => String(c.args.text));

  test('Follow on a card in a thread whose response URL is spent (404): the bot says it as an ephemeral message in that thread, not at the channel’s top level', async () => {
    const ticket = await claimed();
    app.fake.failNextHttp('response_url', 404, 5);
    const before = app.fake.callsTo('chat.postEphemeral').length;
    await app.slack.blockAction(
      { action_id: 'requester_follow', block_id: 'ticket_follow', value: ticket.number },
      {
        userId: MEMBER,
        channelId: TRIAGE,
        messageTs: '1700000000.000300',
        threadTs: '1700000000.000100',
      },
    );
    expect(await followersOf(ticket.id)).toEqual([MEMBER]);
    const [told, ...more] = app.fake.callsTo('chat.postEphemeral').slice(before);
    expect(more).toEqual([]);
    expect(told!.args).toMatchObject({
      channel: TRIAGE,
      user: MEMBER,
      thread_ts: '1700000000.000100',
      text: expect.stringContaining(`You follow ticket *${ticket.number}* now`),
    });

    // Stop following on the card at the channel's top level whose thread has replies (Slack gives
    // a thread's parent its own ts as thread_ts): said in the channel, not inside that thread.
    app.fake.failNextHttp('response_url', 404, 5);
    const parent = app.fake.callsTo('chat.postEphemeral').length;
    await app.slack.blockAction(
      { action_id: 'requester_unfollow', block_id: 'ticket_follow', value: ticket.number },
      {
        userId: MEMBER,
        channelId: TRIAGE,
        messageTs: '1700000000.000100',
        threadTs: '1700000000.000100',
      },
    );
    expect(await followersOf(ticket.id)).toEqual([]);
    const [inChannel, ...others] = app.fake.callsTo('chat.postEphemeral').slice(parent);
    expect(others).toEqual([]);
    expect(inChannel!.args).toMatchObject({
      channel: TRIAGE,
      user: MEMBER,
      text: expect.stringContaining(`You no longer follow ticket *${ticket.number}*.`),
    });
    expect(inChannel!.args.thread_ts).toBeUndefined();
  });

  test('a follower who claims the ticket from its card follows it no more: no follower DM of its next step beside their own', async () => {
    const { code } = await makeCustomer(app);
    const ticket = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    expect(await followOnCard(ticket.number, AGENT2)).toContain('You follow ticket');
    expect(await followOnCard(ticket.number, MEMBER)).toContain('You follow ticket');
    await app.desk.outbox.drain();
    const before = dms(AGENT2).length;
    await app.slack.blockAction(
      { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
      { userId: AGENT2, channelId: TRIAGE },
    );
    const stored = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(stored.assigneeId).toBe(AGENT2);
    expect(stored.followers).toEqual([MEMBER]);
    // Their card offers them Followers…, not Stop following: the ticket is theirs.
    const own = buttonsOf((await commandBody('/ticket', ticket.number, AGENT2)).blocks);
    expect(own).not.toContain(`requester_unfollow:${ticket.number}`);
    expect(own).not.toContain(`requester_follow:${ticket.number}`);

    await act(app, ticket.number, { action: 'wait', question: 'Which line?' }, MANAGER);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(followerDms(AGENT2, ticket.number, before)).toEqual([]);
    expect(texts(MEMBER).at(-1)).toBe(
      `Ticket *${ticket.number}* is waiting on its requester. <@${MANAGER}> asked: Which line?`,
    );
  });

  /**
   * Runs `step` once, inside the next guarded addition to a ticket's followers: after the
   * repository read the ticket, before its write (the write's filter meets what `step` changed).
   * Undone by the function returned; its `ran` says whether the step ran.
   */
  function between(step: () => Promise<unknown>): (() => void) & { ran: () => boolean } {
    const model = app.db.models.tickets;
    const original = model.findOneAndUpdate;
    let ran = false;
    (model as any).findOneAndUpdate = function (filter: any, ...rest: any[]) {
      if (ran || !filter || !('followers' in filter))
        return (original as any).call(this, filter, ...rest);
      ran = true;
      const self = this;
      return {
        lean: async () => {
          await step();
          return (original as any).call(self, filter, ...rest).lean();
        },
      };
    };
    const undo = () => {
      (model as any).findOneAndUpdate = original;
    };
    return Object.assign(undo, { ran: () => ran });
  }

  test('Follow clicked as the same person claims the ticket (between its read and its write): not added, told it is theirs', async () => {
    const { code } = await makeCustomer(app);
    const ticket = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    // The claim lands after the repository read the ticket, just before its guarded write.
    const undo = between(() =>
      app.slack.blockAction(
        { action_id: 'ticket_claim', value: ticket.number, block_id: 'ticket_actions' },
        { userId: AGENT2, channelId: TRIAGE },
      ),
    );
    try {
      expect(await followOnCard(ticket.number, AGENT2)).toContain(
        `You are the assignee of ticket ${ticket.number}: each of its steps is yours already, so there is nothing to follow.`,
      );
    } finally {
      undo();
    }
    expect(undo.ran()).toBe(true);
    const stored = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(stored.assigneeId).toBe(AGENT2);
    expect(stored.followers ?? []).toEqual([]);
  });

  test('Follow and Followers… as the ticket is merged or closed (between the read and the write): nobody added, told it is closed', async () => {
    const { code } = await makeCustomer(app);
    const target = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    const dup = await makeTicket(app, { customerCode: code, title: 'Production stopped' });
    await act(app, dup.number, { action: 'claim' });
    // Merged after Follow's read, before its write: the merge moved the duplicate's followers to
    // the target without them, so they must not follow the closed duplicate either.
    let undo = between(async () => {
      await app.slack.blockAction(
        { action_id: 'ticket_merge_open', value: dup.number, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
      const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
      expect(view.callback_id).toBe('ticket_merge');
      await submitLastModal(app, { target: target.number }, AGENT);
    });
    try {
      expect(await followOnCard(dup.number, MEMBER)).toContain(
        `${dup.number} is closed; nothing more can be done with it.`,
      );
    } finally {
      undo();
    }
    expect(undo.ran()).toBe(true);
    const merged = (await app.db.models.tickets.findById(dup.id).lean())!;
    expect(merged.mergedInto).toBe(target.number);
    expect(merged.followers ?? []).toEqual([]);
    expect((await app.db.models.tickets.findById(target.id).lean())!.followers ?? []).toEqual([]);

    // Followers… submitted as the ticket is closed: refused, nobody added nor told.
    const ticket = await makeTicket(app, { customerCode: code, title: 'Line 3 is down' });
    await act(app, ticket.number, { action: 'claim' });
    const { view } = await chooseFollowers(ticket.number, AGENT);
    undo = between(async () => {
      await act(app, ticket.number, { action: 'resolve', summary: 'Done.' });
      await act(app, ticket.number, { action: 'close' });
    });
    let res: { body: unknown } | undefined;
    try {
      res = await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT });
    } finally {
      undo();
    }
    expect(res?.body).toEqual({
      response_action: 'errors',
      errors: { followers: `${ticket.number} is closed; nothing more can be done with it.` },
    });
    expect(undo.ran()).toBe(true);
    const closed = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(closed.status).toBe('closed');
    expect(closed.followers ?? []).toEqual([]);
    expect(closed.followersOwed ?? []).toEqual([]);
    await app.desk.outbox.drain();
    expect(dms(COLL1)).toEqual([]);
  });

  test('reassigned (Reassign…, an escalation) to a follower: taken off the followers with the DM owed of being added, in the same write; no follower DM of it nor of the next step', async () => {
    const ticket = await claimed();
    expect(await followOnCard(ticket.number, AGENT2)).toContain('You follow ticket');
    expect(await followOnCard(ticket.number, MEMBER)).toContain('You follow ticket');
    await app.desk.outbox.drain();
    const before = dms(AGENT2).length;
    await app.slack.blockAction(
      { action_id: 'ticket_reassign_open', value: ticket.number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    const view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(view.callback_id).toBe('ticket_reassign');
    await submitLastModal(app, { assignee: AGENT2 }, AGENT);
    const stored = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(stored.assigneeId).toBe(AGENT2);
    expect(stored.followers).toEqual([MEMBER]);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    // The hand-over reaches the other follower as a follower's DM; not the one it went to.
    expect(texts(MEMBER).at(-1)).toBe(`Ticket *${ticket.number}* is now with <@${AGENT2}>.`);
    await act(app, ticket.number, { action: 'wait', question: 'Which line?' }, MANAGER);
    app.clock.advance(10_000);
    await app.desk.outbox.drain();
    expect(followerDms(AGENT2, ticket.number, before)).toEqual([]);

    // Added by Followers… (a DM owed of it), then the ticket escalated to them: taken off with it.
    const EXPERT = 'U0EXPERT07';
    await app.setSettings((s) => ({ ...s, experts: [{ userId: EXPERT, skills: [] }] }));
    const { view: pick } = await chooseFollowers(ticket.number, MANAGER);
    // The DM of the addition not yet in the outbox (cut short: the repair would send it).
    await saveFollowersCutShort(pick!, `${MEMBER},${EXPERT}`, MANAGER);
    expect((await app.db.models.tickets.findById(ticket.id).lean())!.followersOwed).toMatchObject([
      { user: EXPERT },
    ]);
    await act(app, ticket.number, { action: 'resume' }, MANAGER);
    await act(
      app,
      ticket.number,
      { action: 'escalate', fromLevel: 1, expertId: EXPERT, reason: 'Spindle' },
      MANAGER,
    );
    const escalated = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(escalated.assigneeId).toBe(EXPERT);
    expect(escalated.followers).toEqual([MEMBER]);
    expect(escalated.followersOwed ?? []).toEqual([]);
    await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 3 * 60_000).toISOString());
    expect(followerDms(EXPERT, ticket.number, 0)).toEqual([]);
  });

  /**
   * The next `times` guarded additions to a ticket's followers each meet `change` in the database
   * between their read and their write (by default its requester changed: the guard refuses the
   * write, as it does under real contention). Undone by the function returned; its `tried` says
   * how many guarded writes were tried meanwhile.
   */
  function contend(
    times: number,
    change: (filter: any) => Promise<unknown> = (filter) =>
      app.db.models.tickets.updateOne(
        { _id: filter._id },
        { $set: { 'requester.userId': `U0REQ${String(++requesters).padStart(5, '0')}` } },
      ),
  ): (() => void) & { tried: () => number } {
    const model = app.db.models.tickets;
    const original = model.findOneAndUpdate;
    let left = times;
    let tried = 0;
    (model as any).findOneAndUpdate = function (filter: any, ...rest: any[]) {
      const query = (original as any).call(this, filter, ...rest);
      if (!filter || !('followers' in filter)) return query;
      tried++;
      if (left <= 0) return query;
      left--;
      return {
        lean: async () => {
          await change(filter);
          return query.lean();
        },
      };
    };
    const undo = () => {
      (model as any).findOneAndUpdate = original;
    };
    return Object.assign(undo, { tried: () => tried });
  }
  let requesters = 0;

  test('a ticket whose requester keeps changing while followers are added: told so (try again), not that it is full; nothing added, nobody told', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    const changed = `Ticket ${ticket.number} changed while its followers were being saved, so nobody was added: try again.`;
    const requesterBack = () =>
      app.db.models.tickets.updateOne({ _id: ticket.id }, { $set: { 'requester.userId': REQ } });
    let undo = contend(5);
    try {
      const res = await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT });
      expect(res.body).toEqual({ response_action: 'errors', errors: { followers: changed } });
    } finally {
      undo();
    }
    await requesterBack();
    // Follow on the card, the same.
    undo = contend(5);
    try {
      expect(await followOnCard(ticket.number, MEMBER)).toContain(changed);
    } finally {
      undo();
    }
    await requesterBack();
    const stored = (await app.db.models.tickets.findById(ticket.id).lean())!;
    expect(stored.followers ?? []).toEqual([]);
    expect(stored.followersOwed ?? []).toEqual([]);
    await app.desk.outbox.drain();
    expect(dms(COLL1)).toEqual([]);
    // In the workspace's language too.
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    undo = contend(5);
    try {
      const res = await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT });
      expect(res.body).toEqual({
        response_action: 'errors',
        errors: { followers: `保存关注人时工单 ${ticket.number} 有了变动，未添加任何人：请重试。` },
      });
    } finally {
      undo();
    }
    await requesterBack();
    await app.setSettings(() => ({ locale: 'en' }));
    // Changed under fewer than five tries: the save goes through, the DM once.
    undo = contend(4);
    try {
      expect(
        (await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT })).body,
      ).toBe('');
    } finally {
      undo();
    }
    expect(await followersOf(ticket.id)).toEqual([COLL1]);
    await app.desk.outbox.drain();
    expect(texts(COLL1)).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
    ]);
  });

  test('others adding followers between the read and the write of an addition never refuse it: the save and Follow go through at once, each DM once', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    // Each guarded write meets another addition landed since its read (someone else followed).
    let others = 0;
    const another = (filter: any) =>
      app.db.models.tickets.updateOne(
        { _id: filter._id },
        {
          $addToSet: { followers: `U0OTHER${String(++others).padStart(3, '0')}` },
          $inc: { followerAdds: 1 },
        },
      );
    let undo = contend(1, another);
    try {
      expect(
        (await app.slack.submitView(view!, { followers: COLL1 }, { userId: AGENT })).body,
      ).toBe('');
    } finally {
      undo();
    }
    expect(undo.tried()).toBe(1);
    undo = contend(1, another);
    try {
      expect(await followOnCard(ticket.number, MEMBER)).toContain(
        `You follow ticket *${ticket.number}* now`,
      );
    } finally {
      undo();
    }
    expect(undo.tried()).toBe(1);
    expect(await followersOf(ticket.id)).toEqual(['U0OTHER001', COLL1, 'U0OTHER002', MEMBER]);
    await app.desk.outbox.drain();
    expect(texts(COLL1)).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
    ]);
  });

  /**
   * `people` click Follow on the card of `number` at the same moment (signed requests sent in
   * parallel, their writes in lockstep): what each was told privately (their click's
   * response_url).
   */
  async function followAtOnce(number: string, people: string[]): Promise<Map<string, string[]>> {
    // None was described by Slack before: each click asks users.info for its person, all at once.
    // The response_urls the clicks get are the fake's next ones, in the order they are made.
    const seq = Number(app.fake.responseUrl().split('/').at(-1)!.slice(1));
    const undo = lockstep(people.length);
    try {
      await Promise.all(
        people.map((userId) =>
          app.slack.blockAction(
            { action_id: 'requester_follow', block_id: 'ticket_follow', value: number },
            { userId, channelId: TRIAGE },
          ),
        ),
      );
    } finally {
      undo();
    }
    const calls = app.fake.callsTo('response_url');
    return new Map(
      people.map((p, i) => [
        p,
        calls.filter((c) => c.target === `r${seq + 1 + i}`).map((c) => String(c.args.text)),
      ]),
    );
  }

  /**
   * The guarded additions to a ticket's followers of `n` requests at the same instant, at their
   * worst: in rounds, each round's writes held until every one of the round has read the ticket
   * and come to its write, then let go together (those refused read again and make the next
   * round). Undone by the function returned.
   */
  function lockstep(n: number): () => void {
    const model = app.db.models.tickets;
    const original = model.findOneAndUpdate;
    type Round = {
      size?: number;
      arrived: number;
      done: number;
      refused: number;
      open: () => void;
      opened: Promise<void>;
    };
    const newRound = (size?: number): Round => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return {
        ...(size === undefined ? {} : { size }),
        arrived: 0,
        done: 0,
        refused: 0,
        open,
        opened,
      };
    };
    // The round writes come to (not let go yet); the one after it is made when it is let go.
    let arriving = newRound(n);
    const letGo = (r: Round) => {
      if (r !== arriving || r.size === undefined || r.arrived < r.size) return;
      arriving = newRound();
      r.open();
    };
    (model as any).findOneAndUpdate = function (filter: any, ...rest: any[]) {
      const query = (original as any).call(this, filter, ...rest);
      if (!filter || !('followers' in filter)) return query;
      return {
        lean: async () => {
          const r = arriving;
          r.arrived++;
          letGo(r);
          await r.opened;
          const doc = await query.lean();
          if (!doc) r.refused++;
          if (++r.done === r.size) {
            // The next round is those refused: they read again and come back to their write.
            const next = arriving;
            next.size = r.refused;
            letGo(next);
          }
          return doc;
        },
      };
    };
    return () => {
      (model as any).findOneAndUpdate = original;
    };
  }

  const crowd = (n: number) =>
    Array.from({ length: n }, (_, i) => `U0CROWD${String(i + 1).padStart(3, '0')}`);

  test('8 people clicking Follow at the same moment all follow, each told once, and each hears the next step by one DM', async () => {
    const ticket = await claimed();
    const people = crowd(8);
    const asked = app.fake.callsTo('users.info').length;
    const told = await followAtOnce(ticket.number, people);
    // None was known to the desk: each click asked Slack for its person, once.
    expect(
      app.fake
        .callsTo('users.info')
        .slice(asked)
        .map((c) => String(c.args.user))
        .sort(),
    ).toEqual(people);
    for (const who of people)
      expect(told.get(who)).toEqual([
        `You follow ticket *${ticket.number}* now: you hear of each step here, by direct message.`,
      ]);
    expect([...(await followersOf(ticket.id))].sort()).toEqual(people);
    await act(app, ticket.number, { action: 'wait', question: 'Which line?' });
    await app.desk.outbox.drain();
    for (const who of people)
      expect(texts(who)).toEqual([
        `Ticket *${ticket.number}* is waiting on its requester. <@${AGENT}> asked: Which line?`,
      ]);
  });

  test('25 people clicking Follow at the same moment: exactly 20 follow, the other 5 are told it is full', async () => {
    const ticket = await claimed();
    const people = crowd(25);
    const told = await followAtOnce(ticket.number, people);
    const followed = people.filter((p) =>
      told.get(p)!.every((t) => t.startsWith(`You follow ticket *${ticket.number}* now`)),
    );
    expect(followed).toHaveLength(20);
    for (const who of people.filter((p) => !followed.includes(p)))
      expect(told.get(who)).toEqual([
        `Ticket ${ticket.number} has 20 followers already, the most it can have: nobody was added.`,
      ]);
    for (const who of followed) expect(told.get(who)).toHaveLength(1);
    expect([...(await followersOf(ticket.id))].sort()).toEqual(followed);
  });

  test('a ticket with 20 followers: Follow is refused as full (no try needed to say so)', async () => {
    const ticket = await claimed();
    const many = Array.from({ length: 20 }, (_, i) => `U0MANY${String(i).padStart(4, '0')}`);
    const { view } = await chooseFollowers(ticket.number, AGENT);
    expect(
      (await app.slack.submitView(view!, { followers: many.join(',') }, { userId: AGENT })).body,
    ).toBe('');
    const full = `Ticket ${ticket.number} has 20 followers already, the most it can have: nobody was added.`;
    // Said from the ticket as read: no guarded write tried (none would pass the size guard).
    const undo = contend(0);
    try {
      expect(await followOnCard(ticket.number, MEMBER)).toContain(full);
    } finally {
      undo();
    }
    expect(undo.tried()).toBe(0);
    expect(await followersOf(ticket.id)).toEqual(many);
  });

  test('Followers… on every card it is allowed on: beside a demand owing its plan (the actions row still seven buttons and five choices), on a resolved ticket; none once closed', async () => {
    const { code } = await makeCustomer(app);
    const demand = await makeTicket(app, {
      customerCode: code,
      type: 'demand',
      requester: { userId: REQ },
    });
    const full = await triageCard(demand.number);
    expect(buttons(actionsRow(full))).toHaveLength(7);
    expect(menuChoices(full).map((c) => c.value.split(':')[0])).toEqual([
      'plan',
      'classify',
      'delay',
      'merge',
      'task',
    ]);
    expect(buttons(followRow(full)).map((b) => b.actionId)).toEqual([
      'requester_follow',
      'ticket_followers_open',
    ]);
    const opened = await chooseFollowers(demand.number, MANAGER);
    expect(opened.view!.callback_id).toBe('ticket_followers');
    await app.slack.submitView(opened.view!, { followers: COLL1 }, { userId: MANAGER });
    expect(await followersOf(demand.id)).toEqual([COLL1]);

    const ticket = await makeTicket(app, { customerCode: code, requester: { userId: REQ } });
    await act(app, ticket.number, { action: 'claim' });
    await act(app, ticket.number, { action: 'resolve', summary: 'Replaced the sensor.' });
    const resolved = await triageCard(ticket.number);
    expect(buttons(actionsRow(resolved))).toHaveLength(4);
    expect(menuChoices(resolved)).toEqual([]);
    expect(buttons(followRow(resolved)).map((b) => b.actionId)).toEqual([
      'requester_follow',
      'ticket_followers_open',
    ]);
    const { view } = await chooseFollowers(ticket.number, AGENT);
    expect(view!.callback_id).toBe('ticket_followers');
    expect((await app.slack.submitView(view!, { followers: COLL2 }, { userId: AGENT })).body).toBe(
      '',
    );
    expect(await followersOf(ticket.id)).toEqual([COLL2]);
    await app.desk.outbox.drain();
    expect(texts(COLL2)).toEqual([
      `You now follow ticket *${ticket.number}* (added by <@${AGENT}>): you hear of each step here, by direct message.`,
    ]);

    await act(app, ticket.number, { action: 'close' });
    expect(followRow(await triageCard(ticket.number))).toEqual([]);
  });

  test('a guest who follows a ticket reads it with /ticket T… as its requester view gives it, with Stop following, never the card; taken off, no more', async () => {
    const ticket = await claimed();
    const { view } = await chooseFollowers(ticket.number, AGENT);
    await app.slack.submitView(view!, { followers: GUEST }, { userId: AGENT });
    expect(await followersOf(ticket.id)).toEqual([GUEST]);

    const read = await commandBody('/ticket', ticket.number, GUEST);
    const shown = JSON.stringify(read);
    expect(shown).toContain('Line 3 is down');
    expect(buttonsOf(read.blocks)).toEqual([`requester_unfollow:${ticket.number}`]);
    // Nothing of the desk's card: no tier, due times, menu or Followers….
    for (const staff of ['ticket_card_menu', 'ticket_followers_open', 'ticket_resolve_open'])
      expect(shown).not.toContain(staff);

    expect(await click('requester_unfollow', ticket.number, GUEST)).toContain(
      `You no longer follow ticket *${ticket.number}*.`,
    );
    expect(await followersOf(ticket.id)).toEqual([]);
    const after = JSON.stringify(await commandBody('/ticket', ticket.number, GUEST));
    expect(after).toContain('guests read only their own tickets');
    expect(after).not.toContain('Line 3 is down');
    // Stop following again (another step DM's button, a double click): told they do not follow
    // it, not refused as a stranger; nothing changed.
    const again = await click('requester_unfollow', ticket.number, GUEST);
    expect(again).toContain(`You don’t follow ticket *${ticket.number}*.`);
    expect(again).not.toContain('guests read only their own tickets');
    expect(await followersOf(ticket.id)).toEqual([]);
  });
});
