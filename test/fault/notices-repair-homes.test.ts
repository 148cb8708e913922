// A ticket change cut short before its notices (the outbox write failed, the process died) is
// announced by the outbox job's repair with the Homes the request would have redrawn: for a
// claim of a ticket nobody held, its account manager's too (their Home listed it among their
// customers' tickets nobody holds) (revland48a F2).
import { expect, test, vi } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { useTestApp } from '../helpers/app.js';
import { AGENT, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import {
  claimCutShort,
  claimedDuplicate,
  lastModalView,
  submitLastModal,
} from '../helpers/clicks.js';
import { runJobAt } from '../helpers/jobs.js';

const TRIAGE = 'C0TRIAGE01';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

const stored = async (number: string) => (await app.db.models.tickets.findOne({ number }).lean())!;

test('a Claim of a ticket nobody held, cut short before its notices: the repair redraws the account manager’s Home too', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  expect((await stored(number)).accountManagerId).toBe(OWNER);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices are not written (the database fails then): the claim stands.
  await claimCutShort(app, number, AGENT, TRIAGE);
  expect(await stored(number)).toMatchObject({ assigneeId: AGENT });
  // The repair two minutes on, then the Homes it wrote published (runJobAt forgets the calls
  // before each run: counted after each).
  const published = { agent: 0, owner: 0 };
  for (const at of ['2026-11-24T02:03:00Z', '2026-11-24T02:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    published.agent += app.fake.homesPublishedTo(AGENT).length;
    published.owner += app.fake.homesPublishedTo(OWNER).length;
  }
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  expect(published.agent).toBeGreaterThan(0);
  expect(published.owner).toBeGreaterThan(0);
});

test('a Claim cut short before its notices, then a Note within the repair’s wait: the claim’s line is in the thread once, before the note’s', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's notices are not written (the database fails then): the claim stands, owing them.
  await claimCutShort(app, number, AGENT, TRIAGE);
  // Thirty seconds on (the repair waits two minutes), a Note on the card.
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  await noteOnCard(number);
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  const homes = { owner: app.fake.homesPublishedTo(OWNER).length };
  // The outbox job after the repair's wait: nothing left owed, nothing posted again.
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    const [run] = await runJobAt(app, outboxJob, at);
    expect(run!.counts).toMatchObject({ repaired: 0 });
    lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
    homes.owner += app.fake.homesPublishedTo(OWNER).length;
  }
  expect(lines).toEqual([`<@${AGENT}> claimed it.`, expect.stringContaining('Calling them back')]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
  // The account manager's Home no longer lists it among their customers' tickets nobody holds.
  expect(homes.owner).toBeGreaterThan(0);
});

test('a Claim still writing its notices when a Note follows (another instance, a few ms later): each line goes once, the claim’s first', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const { number } = await makeTicket(app, { customerCode: code });
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The claim's request held just before it writes its notices (saved, acked, marked owing them).
  const outbox = app.desk.services.outbox;
  const real = outbox.batch.bind(outbox);
  let reached!: () => void;
  const atBatch = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = vi.spyOn(outbox, 'batch').mockImplementationOnce(async (...args) => {
    reached();
    await gate;
    return real(...args);
  });
  try {
    const claim = app.slack.blockAction(
      { action_id: 'ticket_claim', value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await atBatch;
    expect((await stored(number)).noticesOwedAt).toBeDefined();
    // The Note meanwhile: it writes the claim's line too, then its own.
    await noteOnCard(number);
    // The claim's request goes on: what it writes is there already, nothing goes twice.
    release();
    await claim;
  } finally {
    held.mockRestore();
  }
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  const [run] = await runJobAt(app, outboxJob, '2026-11-24T02:05:00Z');
  expect(run!.counts).toMatchObject({ repaired: 0 });
  lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
  expect(lines).toEqual([`<@${AGENT}> claimed it.`, expect.stringContaining('Calling them back')]);
  expect((await stored(number)).noticesOwedAt).toBeUndefined();
});

/** The triage channel's posts from the fake's reset on, then after the outbox job's runs. */
async function linesAfterRepair(): Promise<string[]> {
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    const [run] = await runJobAt(app, outboxJob, at);
    expect(run!.counts).toMatchObject({ repaired: 0 });
    lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
  }
  return lines;
}

test.each([
  [
    'Customer wrote…',
    'ticket_customer_wrote_open',
    { via: 'phone', time: '10:00', said: 'It is back' },
  ],
  ['Log response', 'ticket_log_response_open', { via: 'phone', said: 'Restart it' }],
])(
  'a Claim cut short before its notices, then %s within the repair’s wait: the claim’s line once, first',
  async (_, open, form) => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const { number } = await makeTicket(app, {
      customerCode: code,
      requester: { contactName: 'Li Lei', via: 'phone' },
    });
    await app.desk.outbox.drain();
    await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
    await claimCutShort(app, number, AGENT, TRIAGE);
    // Thirty seconds on (the repair waits two minutes), what the customer said or was told.
    app.clock.set('2026-11-24T02:01:00Z');
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: open, value: number, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, form, AGENT);
    const lines = await linesAfterRepair();
    expect(lines).toEqual([`<@${AGENT}> claimed it.`, expect.stringContaining(form.said)]);
    expect((await stored(number)).noticesOwedAt).toBeUndefined();
  },
);

test.each([
  ['the duplicate', 'duplicate'],
  ['the target', 'target'],
] as const)(
  'a Claim of %s cut short before its notices, then a Merge within the repair’s wait: the claim’s line once, before the merge’s',
  async (_, which) => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const target = (await makeTicket(app, { customerCode: code })).number;
    const duplicate = (await makeTicket(app, { customerCode: code, title: 'Again' })).number;
    // The merge is the duplicate's holder's: claimed in full first when its claim is not the cut one.
    if (which === 'target')
      await app.slack.blockAction(
        { action_id: 'ticket_claim', value: duplicate, block_id: 'ticket_actions' },
        { userId: AGENT, channelId: TRIAGE },
      );
    await app.desk.outbox.drain();
    await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
    const claimed = which === 'duplicate' ? duplicate : target;
    await claimCutShort(app, claimed, AGENT, TRIAGE);
    app.clock.set('2026-11-24T02:01:00Z');
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: 'ticket_merge_open', value: duplicate, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, { target }, AGENT);
    const lines = await linesAfterRepair();
    const claimLines = lines.filter((l) => l === `<@${AGENT}> claimed it.`);
    expect(claimLines).toHaveLength(1);
    expect(lines[0]).toBe(`<@${AGENT}> claimed it.`);
    expect(lines.filter((l) => l.includes('merged it into'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith(`Merged from ${duplicate}`))).toHaveLength(1);
    expect((await stored(claimed)).noticesOwedAt).toBeUndefined();
  },
);

/** AGENT merges `duplicate` into `target` with Merge into… on the duplicate's card. */
async function mergeByModal(duplicate: string, target: string): Promise<void> {
  await app.slack.blockAction(
    { action_id: 'ticket_merge_open', value: duplicate, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await app.slack.submitView(lastModalView(app), { target }, { userId: AGENT });
}

test('a Merge cut short before its notices, then a Note on its target within the repair’s wait: the merge note names who asked and what they wrote, once, before the note', async () => {
  const { code } = await makeCustomer(app, { name: 'Huadong' });
  const target = (await makeTicket(app, { customerCode: code })).number;
  const duplicate = await claimedDuplicate(app, code, TRIAGE);
  await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
  // The merge's two writes stand (the duplicate closed, the note on the target); its notices'
  // write fails: both owe them.
  const outbox = app.desk.services.outbox;
  const cut = vi.spyOn(outbox, 'batch').mockRejectedValueOnce(new Error('database down'));
  try {
    await mergeByModal(duplicate, target);
  } finally {
    cut.mockRestore();
  }
  expect((await stored(target)).noticesOwedAt).toBeDefined();
  app.clock.set('2026-11-24T02:01:00Z');
  app.fake.reset();
  await noteOnCard(target);
  await app.desk.outbox.drain();
  const lines = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
    await runJobAt(app, outboxJob, at);
    lines.push(...app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text)));
  }
  const noted = lines.filter((l) => l.startsWith(`Merged from ${duplicate}`));
  expect(noted).toEqual([`Merged from ${duplicate} (Li Lei, “E42”) by <@${AGENT}>.`]);
  expect(lines.indexOf(noted[0]!)).toBeLessThan(
    lines.findIndex((l) => l.includes('Calling them back')),
  );
  expect((await stored(target)).noticesOwedAt).toBeUndefined();
});

/** The lines Slack took in ticket `number`'s card thread from the fake's reset on. */
const threadLines = async (number: string) => {
  const ts = (await stored(number)).card!.ts;
  return app.fake
    .tookPostsTo(TRIAGE)
    .filter((c) => c.args.thread_ts === ts)
    .map((c) => String(c.args.text));
};

test.each([
  ['a Note', 'ticket_note_open', { note: 'Calling them back' }, 'Calling them back'],
  [
    'Customer wrote…',
    'ticket_customer_wrote_open',
    { via: 'phone', time: '10:00', said: 'It is back' },
    'It is back',
  ],
  ['Log response', 'ticket_log_response_open', { via: 'phone', said: 'Restart it' }, 'Restart it'],
])(
  'a Claim of the target cut short, then a Merge into it cut short before any notice, then %s on it within the repair’s wait: its thread has the claim’s line, the merge note naming who asked, then its own line, once each',
  async (_, open, form, said) => {
    const { code } = await makeCustomer(app, { name: 'Huadong' });
    const target = (
      await makeTicket(app, {
        customerCode: code,
        requester: { contactName: 'Wang Fang', via: 'phone' },
      })
    ).number;
    const duplicate = await claimedDuplicate(app, code, TRIAGE);
    await runJobAt(app, outboxJob, '2026-11-24T02:00:30Z');
    // The target's claim stands, its notices not written.
    await claimCutShort(app, target, AGENT, TRIAGE);
    // The merge's two writes stand (the duplicate closed, the note on the target); the process
    // dies before it writes any notice of either: the target owes its claim's and the note's.
    app.clock.set('2026-11-24T02:00:40Z');
    let died = 0;
    const cut = vi
      .spyOn(app.desk.services.tickets, 'followMerged')
      .mockImplementationOnce(async () => {
        died++;
        throw new Error('process died');
      });
    try {
      await mergeByModal(duplicate, target);
    } finally {
      cut.mockRestore();
    }
    expect(died).toBe(1);
    expect((await stored(duplicate)).mergedInto).toBe(target);
    expect((await stored(target)).timeline.at(-1)?.mergedFrom).toBeDefined();
    expect((await stored(target)).noticesOwedAt).toBeDefined();
    // Twenty seconds on (the repair waits two minutes), the change on the target: its request
    // writes the repair's replay of the target before its own line.
    app.clock.set('2026-11-24T02:01:00Z');
    app.fake.reset();
    await app.slack.blockAction(
      { action_id: open, value: target, block_id: 'ticket_actions' },
      { userId: AGENT, channelId: TRIAGE },
    );
    await submitLastModal(app, form, AGENT);
    await app.desk.outbox.drain();
    const lines = await threadLines(target);
    expect((await stored(target)).noticesOwedAt).toBeUndefined();
    // The repair then writes the duplicate's (its note on the target written already).
    let repaired = 0;
    for (const at of ['2026-11-24T02:03:30Z', '2026-11-24T02:10:00Z']) {
      const [run] = await runJobAt(app, outboxJob, at);
      repaired += Number(run!.counts?.repaired ?? 0);
      lines.push(...(await threadLines(target)));
    }
    expect(repaired).toBe(1);
    expect((await stored(duplicate)).noticesOwedAt).toBeUndefined();
    expect(lines).toEqual([
      `<@${AGENT}> claimed it.`,
      `Merged from ${duplicate} (Li Lei, “E42”) by <@${AGENT}>.`,
      expect.stringContaining(said),
    ]);
  },
);

/** AGENT's Note "Calling them back" on ticket `number`'s card in TRIAGE, through its modal. */
async function noteOnCard(number: string): Promise<void> {
  await app.slack.blockAction(
    { action_id: 'ticket_note_open', value: number, block_id: 'ticket_actions' },
    { userId: AGENT, channelId: TRIAGE },
  );
  await submitLastModal(app, { note: 'Calling them back' }, AGENT);
}
