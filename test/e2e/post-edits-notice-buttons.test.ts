// Retention and erasures edit the desk's other notices naming a ticket (the managers' complaint DM,
// a follower's DMs, the managers' low score DM, a stand-in's) to a fixed line: each keeps Open, as
// the notice had it, so that its reader still reaches the ticket from it (Open checks, when used,
// that they may read it); only the account manager's DM keeps more (postedits3 2).
import { expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack, updatesOfPost } from '../helpers/privacy.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
const FOLLOWER = 'U0FOLLOW01';
const REQ = 'U0REQUEST1';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

const tsOf = (c: { answer?: unknown }) => String((c.answer as { ts: string }).ts);
const updatesOf = (ts: string) => updatesOfPost(app, ts);

/** The buttons of a message's blocks (accessories too): action id and value. */
const buttonsOf = (blocks: unknown) =>
  (
    (blocks ?? []) as {
      elements?: { type: string; action_id: string; value?: string }[];
      accessory?: { type: string; action_id: string; value?: string };
    }[]
  )
    .flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])])
    .filter((e) => e.type === 'button')
    .map((e) => [e.action_id, e.value]);

const line = (number: string) =>
  `:information_source: This message was about ${number}. Its words were anonymised (retention or an erasure of personal data): read the ticket for what is left.`;

test('an erasure edits the managers’ complaint DM and a follower’s DM to the fixed line with Open', async () => {
  await app.setSettings((s) => ({ ...s, managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: code,
    type: 'complaint',
    complaintUrgency: 'urgent',
    title: 'Wangfang gate still broken',
    requester: { userId: REQ },
  });
  await app.db.models.tickets.updateOne({ number: t.number }, { $set: { followers: [FOLLOWER] } });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const manager = took.find(
    (c) => c.args.channel === MANAGER && JSON.stringify(c.args).includes('Wangfang'),
  );
  const follower = took.find((c) => c.args.channel === FOLLOWER);
  expect(manager).toBeDefined();
  expect(follower).toBeDefined();
  for (const c of [manager!, follower!])
    expect((await app.db.models.ticketPosts.findOne({ ts: tsOf(c) }).lean())?.kind).toBe('notice');

  app.fake.reset();
  await erasedInSlack(app, ADMIN, code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  for (const c of [manager!, follower!]) {
    const edits = updatesOf(tsOf(c));
    expect(edits.map((e) => e.args.text)).toEqual([line(t.number)]);
    expect(buttonsOf(edits[0]!.args.blocks)).toEqual([['ticket_open', t.number]]);
    expect(JSON.stringify(edits[0]!.args)).not.toContain('Wangfang');
  }
});

test('retention edits the managers’ low score DM to the fixed line with Open', async () => {
  await app.setSettings((s) => ({ ...s, managers: [MANAGER], agents: [AGENT] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Wangfang gate still broken',
    requester: { userId: REQ },
  });
  await act(app, t.number, { action: 'claim' }, AGENT);
  await act(app, t.number, { action: 'resolve', summary: 'Gate fixed' }, AGENT);
  const stored = (await app.db.models.tickets.findOne({ number: t.number }).lean())!;
  await app.desk.flows.requester.answer(await ctxOf(app, REQ), String(stored._id), {
    satisfaction: 1,
    comment: 'Nobody from Wangfang was told',
  });
  await act(app, t.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  const low = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => c.args.channel === MANAGER && JSON.stringify(c.args).includes('Nobody from'));
  expect(low).toHaveLength(1);
  expect((await app.db.models.ticketPosts.findOne({ ts: tsOf(low[0]!) }).lean())?.kind).toBe(
    'notice',
  );

  app.fake.reset();
  await app.setSettings((s) => ({ ...s, retentionDays: 30 }));
  await runJobAt(app, privacyRetentionJob, '2027-01-05T01:00:00Z');
  await app.desk.outbox.drain();
  const edits = updatesOf(tsOf(low[0]!));
  expect(edits.map((e) => e.args.text)).toEqual([line(t.number)]);
  expect(buttonsOf(edits[0]!.args.blocks)).toEqual([['ticket_open', t.number]]);
  expect(JSON.stringify(edits[0]!.args)).not.toContain('Nobody from');
});

test('the account manager’s DM of a ticket keeps only Open too, and a requester’s own notice no button', async () => {
  await app.setSettings((s) => ({ ...s, agents: [AGENT], accountManagers: [OWNER] }));
  const { code } = await makeCustomer(app, { name: 'Wangfang Trading' });
  const t = await makeTicket(app, {
    customerCode: code,
    title: 'Wangfang gate still broken',
    requester: { userId: REQ },
  });
  await app.desk.outbox.drain();
  const took = app.fake.tookCalls('chat.postMessage');
  const owner = took.find(
    (c) => c.args.channel === OWNER && JSON.stringify(c.args).includes('Wangfang'),
  );
  const requester = took.find((c) => c.args.channel === REQ);
  expect(owner).toBeDefined();
  expect(requester).toBeDefined();
  app.fake.reset();
  await erasedInSlack(app, ADMIN, code);
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(buttonsOf(updatesOf(tsOf(owner!))[0]?.args.blocks)).toEqual([['ticket_open', t.number]]);
  const [own] = updatesOf(tsOf(requester!));
  expect(own?.args.blocks).toEqual([]);
});
