// An erasure (a data subject's request) edits the desk's old posts about the tickets whose words
// it took, on the outbox's edits lane, where a first retention run leaves hours of routine edits
// (bulklane F1): the erasure's go first, so its posts are edited within the first slices of
// the worker's pass, not after retention's backlog. The operators' metrics count those edits apart
// from the messages waiting.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { runDue } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { erasedInSlack } from '../helpers/privacy.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { jobDeps } from '../helpers/jobs.js';
import { closedCopiesWithLines } from '../helpers/retention-backlog.js';

const TRIAGE = 'C0TRIAGE01';
const ADMIN = 'U0ADMIN001';
const MANAGER = 'U0MANAGER1';
/** Closed tickets retention takes, each with LINES recorded posts under its card. */
const TICKETS = 30;
const LINES = 10;

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({
  env: { TRIAGE_CHANNEL_ID: TRIAGE, ADMIN_USER_IDS: ADMIN },
  now: '2026-11-24T02:00:00Z',
});

/** What the operators' scraper reads of `metric{labels}` on GET /metrics. */
async function scraped(series: string): Promise<number> {
  const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  expect(line, series).toBeDefined();
  return Number(line!.slice(series.length + 1));
}

const ticketOf = async (number: string) =>
  (await app.db.models.tickets.findOne({ number }).lean())!;

const eraseInSlack = (args: string) => erasedInSlack(app, ADMIN, args);

/** TICKETS closed tickets of one customer, each with LINES thread lines recorded. */
async function retentionBacklog(): Promise<void> {
  const customer = await makeCustomer(app);
  const old = await makeTicket(app, { customerCode: customer.code, title: 'Pump 0' });
  await act(app, old.number, { action: 'resolve', summary: 'Fixed' }, AGENT);
  await act(app, old.number, { action: 'close' }, AGENT);
  await app.desk.outbox.drain();
  await closedCopiesWithLines(app, old.number, { tickets: TICKETS, lines: LINES, channel: TRIAGE });
}

describe("an erasure's edits of old posts go before a retention run's backlog", () => {
  test(
    "a customer erased while retention's edits wait has its ticket's posts edited first",
    { timeout: 180_000 },
    async () => {
      await app.setSettings((s) => ({
        ...s,
        agents: [AGENT],
        retentionDays: 30,
        managers: [MANAGER],
      }));
      await retentionBacklog();
      // Her open ticket, with lines under its card the outbox records as it posts them.
      const her = await makeCustomer(app, {
        name: 'Hongqiao Bakery',
        contact: { name: '王芳', phone: '+8613800138000' },
      });
      const t = await makeTicket(app, { customerCode: her.code, description: '王芳: gate 4471' });
      await act(app, t.number, { action: 'claim' }, AGENT);
      await act(app, t.number, { action: 'note', text: 'Called 王芳 about gate 4471' }, AGENT);
      await app.desk.outbox.drain();
      const ticket = await ticketOf(t.number);
      const herPosts = await app.db.models.ticketPosts
        .find({ ticketId: String(ticket._id) })
        .lean();
      expect(herPosts.length).toBeGreaterThan(0);
      const herTs = new Set(herPosts.map((p) => p.ts));

      // The daily retention run (09:00 in Shanghai): its edits written, due now.
      app.clock.set('2027-01-05T01:00:00Z');
      await runDue(jobDeps(app), [privacyRetentionJob]);
      const routine = await app.db.models.outbox.countDocuments({
        kind: 'message.edit',
        state: 'pending',
      });
      expect(routine).toBeGreaterThanOrEqual(TICKETS * LINES);
      // The operators' metrics: the messages waiting do not count retention's edits (an alert on
      // them does not fire on a routine run); the edits are counted apart, by what owes them.
      const others = await app.db.models.outbox.countDocuments({
        kind: trusted({ $nin: ['home', 'message.edit'] }),
        state: 'pending',
      });
      expect(others).toBeLessThan(routine);
      expect(await scraped('care_desk_outbox_entries{state="pending"}')).toBe(others);
      expect(await scraped('care_desk_outbox_edits_pending{cause="retention"}')).toBe(routine);
      expect(await scraped('care_desk_outbox_edits_pending{cause="erasure"}')).toBe(0);

      // Two minutes on, before any went, an admin erases her customer: its edits are due after
      // every one of retention's.
      app.clock.set('2027-01-05T01:02:00Z');
      await eraseInSlack(her.code);
      expect(
        await app.db.models.outbox.countDocuments({ kind: 'message.edit', state: 'pending' }),
      ).toBe(routine + herPosts.length);
      expect(await scraped('care_desk_outbox_edits_pending{cause="erasure"}')).toBe(
        herPosts.length,
      );
      expect(await scraped('care_desk_outbox_edits_pending{cause="retention"}')).toBe(routine);

      // An edit is a chat.update of a recorded post (the account manager's DM keeps its Open:
      // not told by its blocks).
      const posted = new Set((await app.db.models.ticketPosts.find().lean()).map((p) => p.ts));
      app.fake.reset();
      await app.desk.outbox.drain();
      const calls = app.fake.calls.filter((c) => c.outcome === 'ok');
      const isEdit = (c: (typeof calls)[number]) =>
        c.method === 'chat.update' && posted.has(String(c.args.ts));
      const edits = calls.filter(isEdit);
      const hers = edits.filter((c) => herTs.has(String(c.args.ts)));
      // Each of her posts edited once, her contact's name gone from them.
      expect(hers).toHaveLength(herPosts.length);
      for (const c of hers) expect(String(c.args.text)).not.toContain('王芳');
      // Every one of them before the first of retention's, which all went after.
      const firstRoutine = edits.findIndex((c) => !herTs.has(String(c.args.ts)));
      expect(firstRoutine).toBe(herPosts.length);
      expect(edits).toHaveLength(routine + herPosts.length);
      expect(await scraped('care_desk_outbox_edits_pending{cause="retention"}')).toBe(0);
      expect(await scraped('care_desk_outbox_edits_pending{cause="erasure"}')).toBe(0);
    },
  );
});
