// A merged ticket as its requester reads it (a guest of the workspace who holds no role: the
// requester's view): `/ticket requests` keeps it while the ticket it went into is open, saying
// where it is followed, and `/ticket T…` says it was merged, not just closed, by the number only
// (the target's card is in the triage channel, which the requester may not read); both word it by
// who the reader is on the ticket it went into.
// Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { expect, test } from 'vitest';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID } from '../helpers/fake-slack.js';
import { TRIAGE, useGuestsApp } from '../helpers/guests.js';
import { submitLastModal } from '../helpers/clicks.js';
import { storeCopies } from '../helpers/ticket-copies.js';

const GUEST = FAKE_GUEST_USER_ID;
const OTHER = 'U0ASKER001';
const { app } = useGuestsApp();

/** The text of `/ticket <text>` as GUEST reads it (its ephemeral answer). */
async function ticketCommand(text: string): Promise<string> {
  const res = await app.slack.command('/ticket', text, { userId: GUEST });
  expect(res.body).toMatchObject({ response_type: 'ephemeral' });
  return JSON.stringify(res.body);
}

/** A request of customer `code` titled `title`, asked by the Slack user `requester`. */
const fileFor = (code: string, title: string, requester: string) =>
  makeTicket(app, { customerCode: code, title, requester: { userId: requester } });

/**
 * Merge into… on the card by AGENT, who claims `number` first (the flow that makes the
 * duplicate's people follow the target).
 */
async function mergeOnCard(number: string, into: string) {
  await act(app, number, { action: 'claim' }, AGENT);
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await submitLastModal(app, { target: into }, AGENT);
}

/**
 * `who`'s request ("Conveyor stopped", `followed`) merged into OTHER's (`theirs`): they are made
 * to follow it; and another of theirs (`again`) merged into one of their own (`own`).
 */
async function mergedTwice(code: string, who: string) {
  const theirs = await fileFor(code, 'Line 3 down', OTHER);
  const followed = await fileFor(code, 'Conveyor stopped', who);
  await mergeOnCard(followed.number, theirs.number);
  expect((await app.db.models.tickets.findById(theirs.id).lean())!.followers).toContain(who);
  const own = await fileFor(code, 'Press offline', who);
  const again = await fileFor(code, 'Press still offline', who);
  await mergeOnCard(again.number, own.number);
  return { theirs, followed, own, again };
}

test('a merged request reads "Merged into T…" in /ticket requests (a guest not added to the other: that they do not follow it) and its view, with a Merged step, never a link; it leaves the list once the other is resolved', async () => {
  await app.setSettings(() => ({ agents: [AGENT] }));
  const { code } = await makeCustomer(app);
  const target = await makeTicket(app, {
    customerCode: code,
    title: 'Line 3 down',
    requester: { userId: OTHER },
  });
  const dup = await makeTicket(app, {
    customerCode: code,
    title: 'Production stopped',
    requester: { userId: GUEST },
  });
  await act(app, dup.number, { action: 'claim' }, AGENT);
  await act(app, dup.number, { action: 'merge', into: target.number }, AGENT);

  const requests = await ticketCommand('requests');
  expect(requests).toContain('*The open tickets you asked for (1)*');
  expect(requests).toContain(
    `*${dup.number}* Production stopped\\nMerged into *${target.number}*: we follow it there (you do not follow it) · received <!date^`,
  );
  // Nothing of the other ticket but its number: not its title, not its card.
  expect(requests).not.toContain('Line 3 down');
  expect(requests).not.toContain('archives/');

  const view = await ticketCommand(dup.number);
  // Its status line says so too: they were never added to the other ticket.
  expect(view).toContain(
    `Merged into *${target.number}*: we follow it there (you do not follow it) · received <!date^`,
  );
  expect(view).not.toContain('followed there');
  expect(view).not.toContain('Closed');
  expect(view).toMatch(
    new RegExp(`\\*So far\\*[^"]*Merged into \\*${target.number}\\* · <!date\\^`),
  );
  expect(view).not.toContain('Line 3 down');
  expect(view).not.toContain('archives/');

  // In Chinese too.
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await ticketCommand('requests')).toContain(
    `已合并到 *${target.number}*：我们将在那里继续跟进（您未关注该工单） · 提交于 `,
  );
  const zhView = await ticketCommand(dup.number);
  expect(zhView).toContain(`已合并到 *${target.number}* · `);
  expect(zhView).toContain(
    `已合并到 *${target.number}*：我们将在那里继续跟进（您未关注该工单） · 提交于 `,
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // Once the ticket it went into is resolved, nothing of it is open for them any more.
  await act(app, target.number, { action: 'claim' }, AGENT);
  await act(app, target.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  const after = await ticketCommand('requests');
  expect(after).toContain('*The open tickets you asked for (0)*');
  expect(after).not.toContain(dup.number);
});

test('/ticket requests words a merged request by who the reader is on the ticket it went into: a follower, its requester too, its assignee (en and zh-CN)', async () => {
  const MEMBER = 'U0MEMBER02';
  await app.setSettings(() => ({ agents: [AGENT], locale: 'en' }));
  const { code } = await makeCustomer(app);
  const file = (title: string, requester: string) => fileFor(code, title, requester);
  const { theirs, own } = await mergedTwice(code, MEMBER);
  // AGENT's own request merged into a ticket AGENT holds.
  const held = await file('Scanner down', MEMBER);
  await act(app, held.number, { action: 'claim' }, AGENT);
  const asked = await file('Scanner broken', AGENT);
  await mergeOnCard(asked.number, held.number);

  const rows = async (userId: string) =>
    JSON.stringify((await app.slack.command('/ticket', 'requests', { userId })).body);
  const mine = await rows(MEMBER);
  expect(mine).toContain(`Merged into *${theirs.number}* — followed there · received`);
  expect(mine).toContain(`Merged into *${own.number}*, which you asked for too · received`);
  expect(mine).not.toContain('we follow it there');
  expect(await rows(AGENT)).toContain(
    `Merged into *${held.number}*, which is yours to carry on · received`,
  );

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  const zh = await rows(MEMBER);
  expect(zh).toContain(`已合并到 *${theirs.number}*，在那里继续跟进 · 提交于`);
  expect(zh).toContain(`已合并到 *${own.number}*，该工单也是您提交的 · 提交于`);
  expect(await rows(AGENT)).toContain(
    `已合并到 *${held.number}*，该工单由您负责，请在那里继续处理 · 提交于`,
  );
});

test("the requester's view of a merged request words its status by who the reader is on the ticket it went into, as /ticket requests does: a follower, its requester too (en and zh-CN)", async () => {
  await app.setSettings(() => ({ agents: [AGENT], locale: 'en' }));
  const { code } = await makeCustomer(app);
  const { theirs, followed, own, again } = await mergedTwice(code, GUEST);

  const asFollower = await ticketCommand(followed.number);
  expect(asFollower).toContain(
    `Merged into *${theirs.number}* — followed there · received <!date^`,
  );
  expect(asFollower).not.toContain('you do not follow it');
  expect(await ticketCommand(again.number)).toContain(
    `Merged into *${own.number}*, which you asked for too · received <!date^`,
  );
  // Open reads the same view: under a message, and in App Home's modal.
  const told = app.fake.callsTo('response_url').length;
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: followed.number, block_id: 'b1' },
    { userId: GUEST, channelId: TRIAGE, ephemeral: true },
  );
  expect(JSON.stringify(app.fake.callsTo('response_url')[told]?.args ?? null)).toContain(
    `Merged into *${theirs.number}* — followed there · received <!date^`,
  );
  const modals = app.fake.callsTo('views.open').length;
  await app.slack.blockAction(
    { action_id: 'ticket_open', value: again.number, block_id: 'b1' },
    { userId: GUEST, view: { id: 'V0HOME0001', type: 'home' } },
  );
  expect(JSON.stringify(app.fake.callsTo('views.open')[modals]?.args.view ?? null)).toContain(
    `Merged into *${own.number}*, which you asked for too · received <!date^`,
  );

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await ticketCommand(followed.number)).toContain(
    `已合并到 *${theirs.number}*，在那里继续跟进 · 提交于 `,
  );
  expect(await ticketCommand(again.number)).toContain(
    `已合并到 *${own.number}*，该工单也是您提交的 · 提交于 `,
  );
});

test('a request merged into a ticket merged on since reads where it is followed now, in /ticket requests and its view; once that one is resolved, the view says so, never "followed there" (en and zh-CN)', async () => {
  await app.setSettings(() => ({ agents: [AGENT], locale: 'en' }));
  const { code } = await makeCustomer(app);
  const file = (title: string, requester: string) => fileFor(code, title, requester);
  // GUEST's request went into OTHER's A (GUEST follows A); A then went into B.
  const first = await file('Line 3 down', OTHER);
  const mine = await file('Conveyor stopped', GUEST);
  await mergeOnCard(mine.number, first.number);
  const last = await file('Plant stopped', OTHER);
  await mergeOnCard(first.number, last.number);
  expect((await app.db.models.tickets.findById(first.id).lean())!.status).toBe('closed');
  expect((await app.db.models.tickets.findById(last.id).lean())!.followers).toContain(GUEST);

  const now = `Merged into *${last.number}* — followed there · received <!date^`;
  const requests = await ticketCommand('requests');
  expect(requests).toContain('*The open tickets you asked for (1)*');
  expect(requests).toContain(now);
  const view = await ticketCommand(mine.number);
  expect(view).toContain(now);
  expect(view).not.toContain(`Merged into *${first.number}* — followed there`);
  // Its step still says where it went then.
  expect(view).toMatch(
    new RegExp(`\\*So far\\*[^"]*Merged into \\*${first.number}\\* · <!date\\^`),
  );

  // B resolved: gone from the list; the view says it is resolved, not followed there.
  await act(app, last.number, { action: 'claim' }, AGENT);
  await act(app, last.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  expect(await ticketCommand('requests')).toContain('*The open tickets you asked for (0)*');
  const resolved = await ticketCommand(mine.number);
  expect(resolved).toContain(`Merged into *${last.number}*, resolved since · received <!date^`);
  expect(resolved).not.toContain('followed there');
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await ticketCommand(mine.number)).toContain(
    `已合并到 *${last.number}*，该工单现已解决 · 提交于 `,
  );
  await app.setSettings(() => ({ locale: 'en' }));

  // A request merged into a ticket closed since (not merged): said closed.
  const target = await file('Press offline', OTHER);
  const dup = await file('Press down', GUEST);
  await mergeOnCard(dup.number, target.number);
  await act(app, target.number, { action: 'claim' }, AGENT);
  await act(app, target.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  await act(app, target.number, { action: 'close' }, AGENT);
  expect(await ticketCommand(dup.number)).toContain(
    `Merged into *${target.number}*, closed since · received <!date^`,
  );
});

test('a request at the start of a merge chain longer than it is followed (10 merges): its view says the last ticket reached, and the cut is logged naming it', async () => {
  await app.setSettings(() => ({ agents: [AGENT], locale: 'en' }));
  const { code } = await makeCustomer(app);
  const mine = await makeTicket(app, {
    customerCode: code,
    title: 'Kiln alarm',
    requester: { userId: GUEST },
  });
  // Twelve tickets each merged into the next (seeded as merges leave them), the last open;
  // GUEST's request went into the first.
  const doc = (await app.db.models.tickets.findById(mine.id).lean())! as Record<string, any>;
  const numbers = Array.from({ length: 12 }, (_, i) => `T2026${String(900 + i)}`);
  await storeCopies(app, doc, numbers.length, (i) => ({
    number: numbers[i],
    submissionId: `chain-${numbers[i]}`,
    requester: { userId: OTHER },
    ...(i < 11 ? { status: 'closed', mergedInto: numbers[i + 1] } : {}),
  }));
  await app.db.models.tickets.updateOne(
    { _id: mine.id },
    { $set: { status: 'closed', mergedInto: numbers[0] } },
  );
  const logged = app.logs.length;
  const view = await ticketCommand(mine.number);
  // Followed through 10 merges: T2026900 … T2026910, itself merged on (into T2026911).
  expect(view).toContain(`Merged into *${numbers[10]}*, closed since · received <!date^`);
  const cut = app.logs.slice(logged).filter((l) => l.msg.startsWith('merge chain followed'));
  expect(cut).toEqual([
    expect.objectContaining({ from: numbers[0], last: numbers[10], next: numbers[11], hops: 10 }),
  ]);
});
