// "Merge into…": a duplicate ticket closed into another open one of the workspace, from its card.
// The duplicate's card and requester say where it went, the target gets a note naming who asked
// and what they wrote, the SLA sweep forgets the duplicate and the weekly digest counts only
// the target. Through the real Bolt HTTP path: signed requests, the fake Slack, the test database.
import { Types } from 'mongoose';
import { expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { useTestApp } from '../helpers/app.js';
import { act, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { offeredIds } from '../helpers/ui.js';
import { slackTime } from '../../src/ui/text.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { periodWindow } from '../../src/digest/periods.js';
import { submitLastModal } from '../helpers/clicks.js';

const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const DIGEST = 'C0DIGEST01';
const MANAGER = 'U0MANAGER1';
const AGENT = 'U0AGENT001';
const AGENT2 = 'U0AGENT002';
const ASKER1 = 'U0ASKER001';
const ASKER2 = 'U0ASKER002';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ALERTS_CHANNEL_ID: ALERTS, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-24T02:00:00Z',
});

type View = Record<string, any>;
const lastOpened = () => app.fake.callsTo('views.open').at(-1)!.args.view as View;
const deliverAll = async () => {
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
};
/** Ticket numbers link to their cards: the text as read. */
const unlinked = (s: string) => s.replace(/<https:\/\/[^|>]+\|(T\d{8})>/g, '$1');
const texts = (to: string) => app.fake.postsTo(to).map((c) => unlinked(String(c.args.text)));

function click(actionId: string, number: string, userId = AGENT) {
  return app.slack.blockAction(
    { action_id: actionId, value: number, block_id: 'ticket_actions' },
    { userId, channelId: TRIAGE },
  );
}

async function setUp() {
  await app.setSettings(() => ({ managers: [MANAGER], agents: [AGENT, AGENT2] }));
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const t1 = await makeTicket(app, {
    customerCode: code,
    title: 'Line 3 down',
    requester: { userId: ASKER1 },
  });
  app.clock.advance(60_000);
  const t2 = await makeTicket(app, {
    customerCode: code,
    severity: 'urgent',
    title: 'Production stopped',
    description: 'Line 3 stops every hour',
    requester: { userId: ASKER2 },
  });
  await act(app, t2.number, { action: 'claim' }, AGENT);
  await deliverAll();
  app.fake.reset();
  return { code, t1, t2 };
}

test('an agent merges T2 into T1 from the card: T2 closed and says so, its requester told once, T1 noted; no alert, digest counts T1 only', async () => {
  const { t1, t2 } = await setUp();

  // The card offers Merge into… to its assignee; it opens the modal with the number to type.
  await app.slack.command('/ticket', t2.number, { userId: AGENT });
  const shown = app.fake.callsTo('response_url').at(-1)!.args;
  expect(offeredIds(shown.blocks as unknown[])).toContain('ticket_merge_open');
  expect(JSON.stringify(shown)).toContain('Merge into…');
  await click('ticket_merge_open', t2.number);
  const view = lastOpened();
  expect(view.callback_id).toBe('ticket_merge');
  expect(view.blocks.map((b: any) => b.block_id)).toEqual(
    expect.arrayContaining(['target', 'note']),
  );

  // Each refusal on the field; nothing changes.
  const submit = (form: Record<string, string>, userId = AGENT) =>
    app.slack.submitView(view, form, { userId });
  expect((await submit({ target: t2.number })).body).toEqual({
    response_action: 'errors',
    errors: {
      target: 'A ticket cannot be merged into itself: type the number of the other ticket.',
    },
  });
  expect((await submit({ target: 'T20269999' })).body).toEqual({
    response_action: 'errors',
    errors: { target: 'There is no ticket T20269999 in this workspace.' },
  });
  // Another workspace's ticket with that number is none of this one's.
  const other = await app.db.models.tickets.findOne({ number: t1.number }).lean();
  await app.db.models.tickets.collection.insertOne({
    ...other!,
    _id: new Types.ObjectId(),
    teamId: 'T0OTHERTEAM',
    number: 'T20260777',
    submissionId: 'other-team',
  });
  expect((await submit({ target: 'T20260777' })).body).toEqual({
    response_action: 'errors',
    errors: { target: 'There is no ticket T20260777 in this workspace.' },
  });
  expect((await app.db.models.tickets.findOne({ number: t2.number }).lean())!.status).toBe(
    'assigned',
  );

  // The merge.
  const res = await submit({ target: t1.number.toLowerCase(), note: 'Same outage' });
  expect(res.body).toBe('');
  await deliverAll();

  const dup = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  expect(dup).toMatchObject({ status: 'closed', mergedInto: t1.number });
  expect(dup.resolvedAt).toBeUndefined();
  expect(dup.survey).toBeUndefined();
  expect((dup.timeline as any[]).at(-1)).toMatchObject({
    action: 'merge',
    by: AGENT,
    into: t1.number,
    text: 'Same outage',
  });
  // Its card says where it went, linked to T1's card; no buttons are left on it.
  const t1Card = (await app.db.models.tickets.findOne({ number: t1.number }).lean())!.card;
  const dupCard = app.fake
    .callsTo('chat.update')
    .filter((c) => JSON.stringify(c.args.blocks).includes(`${t2.number} · Production stopped`))
    .at(-1)!.args;
  const dupBlocks = JSON.stringify(dupCard.blocks);
  expect(dupBlocks).toContain(`<${t1Card!.permalink}|Merged into ${t1.number}>`);
  expect(dupBlocks).not.toContain('"type":"actions"');
  // Its requester is told once where the desk talks to them (their DM), with no survey; they
  // follow T1 from now on (the same customer's).
  expect(texts(ASKER2)).toEqual([
    `Your ticket *${t2.number}* was merged into *${t1.number}*: we follow it there, and you hear of each of its steps by direct message.`,
  ]);
  // T1's thread has the note: from which ticket, who asked and what they wrote, who merged.
  const thread = app.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === TRIAGE && c.args.thread_ts === t1Card!.ts)
    .map((c) => unlinked(String(c.args.text)));
  expect(thread).toEqual([
    `Merged from ${t2.number} (<@${ASKER2}>, “Line 3 stops every hour”) by <@${AGENT}>: Same outage`,
  ]);
  const target = (await app.db.models.tickets.findOne({ number: t1.number }).lean())!;
  expect(target.status).toBe('new');
  expect((target.timeline as any[]).at(-1)).toMatchObject({
    action: 'note',
    by: AGENT,
    mergedFrom: t2.number,
  });
  // T1's requester hears nothing of a note.
  expect(texts(ASKER1)).toEqual([]);

  // A second submit: merged already, nothing written again.
  app.fake.reset();
  const again = await submit({ target: t1.number });
  expect(JSON.stringify(again.body)).toContain(`${t2.number} is merged into ${t1.number} already.`);
  await deliverAll();
  expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  const noted = (await app.db.models.tickets.findOne({ number: t1.number }).lean())!.timeline;
  expect((noted as any[]).filter((e) => e.mergedFrom)).toHaveLength(1);

  // The sweep past T2's first-response target (urgent: 12:00) and far on: nothing of T2.
  await runJobAt(app, slaAlertsJob, '2026-11-24T04:00:30Z');
  await runJobAt(app, slaAlertsJob, '2026-11-25T04:00:30Z');
  const alerted = app.fake.callsTo('chat.postMessage').map((c) => JSON.stringify(c.args));
  expect(alerted.filter((a) => a.includes(t2.number))).toEqual([]);

  // The weekly digest: one ticket opened (T1), nothing resolved, T2 neither late nor resolved.
  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  const digest = unlinked(String(app.fake.postsTo(DIGEST)[0]!.args.text));
  expect(digest).toMatch(/: 1 new ticket, 0 resolved;/);
  expect(JSON.stringify(app.fake.postsTo(DIGEST))).not.toContain(t2.number);
});

test('a resolved or closed target is refused on the field; an agent who does not hold the ticket is refused by the service', async () => {
  const { code, t1, t2 } = await setUp();
  const done = await makeTicket(app, { customerCode: code, title: 'Old question' });
  await act(app, done.number, { action: 'resolve', summary: 'Answered' }, AGENT);
  await deliverAll();

  await click('ticket_merge_open', t2.number);
  const view = lastOpened();
  expect(
    (await app.slack.submitView(view, { target: done.number }, { userId: AGENT })).body,
  ).toEqual({
    response_action: 'errors',
    errors: {
      target: `${done.number} is resolved: a duplicate is merged only into an open ticket.`,
    },
  });
  await act(app, done.number, { action: 'close' }, AGENT);
  expect(
    (await app.slack.submitView(view, { target: done.number }, { userId: AGENT })).body,
  ).toEqual({
    response_action: 'errors',
    errors: { target: `${done.number} is closed: a duplicate is merged only into an open ticket.` },
  });

  // AGENT2 does not hold T2 (nor manages): their card has no Merge, a crafted submission is refused.
  app.fake.reset();
  await app.slack.command('/ticket', t2.number, { userId: AGENT2 });
  expect(JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args)).not.toContain(
    'ticket_merge_open',
  );
  const crafted = await app.slack.submitView(view, { target: t1.number }, { userId: AGENT2 });
  expect(JSON.stringify(crafted.body)).toContain(
    'Only the assignee or a manager can merge this ticket into another.',
  );
  await deliverAll();
  const dup = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  expect(dup.status).toBe('assigned');
  expect(dup.mergedInto).toBeUndefined();
  expect(app.fake.postsTo(ASKER2)).toEqual([]);
  const target = await app.db.models.tickets.findOne({ teamId: FAKE_TEAM_ID, number: t1.number });
  expect(target!.timeline.some((e: any) => e.mergedFrom)).toBe(false);
});

test('a duplicate merged after the week ended is neither named past its SLA in that week\'s digest nor counted in its "…and N more"', async () => {
  const { t1, t2 } = await setUp();
  // Monday 30 Nov 08:30 in Shanghai: week 48 is over, T2 (urgent, held, past its first-response
  // target at the week's end) is merged into T1 before the 09:00 digest.
  app.clock.set('2026-11-30T00:30:00Z');
  await click('ticket_merge_open', t2.number);
  await submitLastModal(app, { target: t1.number }, AGENT);
  await deliverAll();

  await runJobAt(app, digestJob, '2026-11-30T01:00:00Z');
  const posted = unlinked(JSON.stringify(app.fake.postsTo(DIGEST)));
  expect(unlinked(String(app.fake.postsTo(DIGEST)[0]!.args.text))).toMatch(/: 1 new ticket, /);
  // T1 (past its target at the week's end) is listed; the duplicate the figures leave out is not.
  expect(posted).toContain(`${t1.number} (Huadong)`);
  expect(posted).not.toContain(t2.number);
  // The count behind "…and N more" is of the same tickets: T1 alone.
  const ctx = await ctxOf(app, SYSTEM_ACTOR);
  const window = { week: '2026-W48', ...periodWindow('2026-W48', ctx.settings.timeZone)! };
  const past = await app.desk.services.digests.pastSla(ctx, window, 1);
  expect(past.open.map((o) => o.ticket.number)).toEqual([t1.number]);
  expect(past.total).toBe(1);
});

/** Holds each merge submitted after its checks passed until `count` of them have passed theirs. */
function holdAfterCheck(count: number, meanwhile: () => Promise<unknown> = async () => {}) {
  const svc = app.desk.services.tickets;
  const orig = svc.mergeCheck.bind(svc);
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  svc.mergeCheck = async (...a: Parameters<typeof orig>) => {
    const out = await orig(...a);
    if (++waiting === count) await meanwhile().then(release);
    await all;
    return out;
  };
  return () => (svc.mergeCheck = orig);
}

test('two opposite merges checked at once: one merges, the other is refused on the field and its ticket stays open; a target resolved after the check is refused too', async () => {
  const { t1, t2 } = await setUp();
  await act(app, t1.number, { action: 'claim' }, AGENT2);
  await click('ticket_merge_open', t1.number, AGENT2);
  const v1 = lastOpened();
  await click('ticket_merge_open', t2.number, AGENT);
  const v2 = lastOpened();
  let restore = holdAfterCheck(2);
  const [r1, r2] = await Promise.all([
    app.slack.submitView(v1, { target: t2.number }, { userId: AGENT2 }),
    app.slack.submitView(v2, { target: t1.number }, { userId: AGENT }),
  ]).finally(restore);
  const a = (await app.db.models.tickets.findOne({ number: t1.number }).lean())!;
  const b = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  // Exactly one is merged, into the other, which stays open and unmerged.
  const [won, lost] = a.mergedInto ? [a, b] : [b, a];
  expect(won.mergedInto).toBe(lost.number);
  expect(won.status).toBe('closed');
  expect(lost.mergedInto).toBeUndefined();
  expect(lost.status).toBe('assigned');
  expect(lost.timeline.filter((e: any) => e.mergedFrom)).toHaveLength(1);
  expect(won.timeline.some((e: any) => e.mergedFrom)).toBe(false);
  const refused = (won === a ? r2 : r1).body;
  expect(refused.response_action).toBe('errors');
  expect(Object.keys(refused.errors)).toEqual(['target']);
  expect((won === a ? r1 : r2).body).toBe('');
  expect(a.mergeLock ?? b.mergeLock).toBeUndefined();

  // The target resolved between the check and the write: refused, the duplicate left open.
  const t3 = await makeTicket(app, { customerCode: a.customerCode, title: 'Third' });
  await act(app, t3.number, { action: 'claim' }, AGENT);
  await click('ticket_merge_open', lost.number, MANAGER);
  const v3 = lastOpened();
  restore = holdAfterCheck(1, () =>
    act(app, t3.number, { action: 'resolve', summary: 'Done' }, AGENT),
  );
  const r3 = await app.slack
    .submitView(v3, { target: t3.number }, { userId: MANAGER })
    .finally(restore);
  expect(r3.body).toEqual({
    response_action: 'errors',
    errors: {
      target: `${t3.number} is resolved: a duplicate is merged only into an open ticket.`,
    },
  });
  const still = (await app.db.models.tickets.findOne({ number: lost.number }).lean())!;
  expect([still.status, still.mergedInto]).toEqual(['assigned', undefined]);
});

test("App Home's This week so far counts a merged duplicate in none of its figures, as the digest does", async () => {
  const { t1, t2 } = await setUp();
  const homeOf = async (user: string) => {
    await app.slack.event({ type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home' });
    const publish = app.fake.callsTo('views.publish').at(-1)!;
    expect(publish.args.user_id).toBe(user);
    return JSON.stringify(publish.args.view);
  };
  expect(await homeOf(MANAGER)).toContain(
    'Opened 2 · Resolved 0 · First response on time – · First-contact resolution –',
  );

  await act(app, t2.number, { action: 'merge', into: t1.number }, AGENT);
  await deliverAll();
  const home = await homeOf(MANAGER);
  expect(home).toContain('*This week so far* (since 2026-11-23)');
  // T1 alone (the digest says 1 new ticket too).
  expect(home).toContain(
    'Opened 1 · Resolved 0 · First response on time – · First-contact resolution –',
  );
});

test('a merged duplicate reads as closed as a duplicate, neither due nor resolved: its card and the customer card', async () => {
  const { code, t1, t2 } = await setUp();
  // Merged at 10:05 by the desk's clock (the record is written later on the wall clock).
  app.clock.set('2026-11-24T02:05:00Z');
  await click('ticket_merge_open', t2.number);
  await submitLastModal(app, { target: t1.number }, AGENT);
  await deliverAll();
  const merged = slackTime(new Date('2026-11-24T02:05:00Z'), 'Asia/Shanghai');

  // The duplicate's card: no first response due on a closed ticket, no "Resolved".
  const dupCard = JSON.stringify(
    app.fake
      .callsTo('chat.update')
      .filter((c) => JSON.stringify(c.args.blocks).includes(`${t2.number} · Production stopped`))
      .at(-1)!.args.blocks,
  );
  expect(dupCard).toContain('*First response*\\nNone: closed as a duplicate before an answer');
  expect(dupCard).toContain(`*Resolution*\\nClosed as a duplicate ${merged}, not resolved`);
  expect(dupCard).not.toContain('due');
  expect(dupCard).not.toContain('Resolved');
  // As /ticket shows it, the same.
  await app.slack.command('/ticket', t2.number, { userId: AGENT });
  const shown = JSON.stringify(app.fake.callsTo('response_url').at(-1)!.args.blocks);
  expect(shown).toContain(`Closed as a duplicate ${merged}, not resolved`);
  expect(shown).not.toContain('First response due');

  // The customer card's service history: where it went, when; not "no resolution noted".
  const customer = await app.slack.command('/customer', code, { userId: MANAGER });
  const history = unlinked(JSON.stringify(customer.body));
  expect(history).toContain(`${t2.number} · ${merged} · Merged into ${t1.number}`);
  expect(history).not.toContain('no resolution noted');
});

test('a resolve while a merge holds the ticket is told it is being merged, at once; once the lock lapses (a merge cut short) it resolves', async () => {
  const { t2 } = await setUp();
  // A merge holds T2 (another instance's, or one cut short by a crash: its lock lapses in 30 s).
  const held = { op: 'another-merge', until: new Date(app.clock.now().getTime() + 30_000) };
  await app.db.models.tickets.updateOne({ number: t2.number }, { $set: { mergeLock: held } });
  const version = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!.version;
  await click('ticket_resolve_open', t2.number, AGENT);
  const res = await submitLastModal(app, { resolution: 'Sensor replaced.' }, AGENT, {
    expect: 'any',
  });
  // Said on the modal, once: no retries, no "changed at the same moment".
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: {
      resolution: `${t2.number} is being merged with another ticket right now, so nothing was changed. Try again in a moment.`,
    },
  });
  const still = (await app.db.models.tickets.findOne({ number: t2.number }).lean())!;
  expect([still.status, still.version]).toEqual(['assigned', version]);

  app.clock.advance(30_000);
  await click('ticket_resolve_open', t2.number, AGENT);
  await submitLastModal(app, { resolution: 'Sensor replaced.' }, AGENT);
  expect((await app.db.models.tickets.findOne({ number: t2.number }).lean())!.status).toBe(
    'resolved',
  );
});
