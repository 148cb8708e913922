import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { toolArgs, jobCliEnv } from '../helpers/jobs.js';
import { storeEarlierWeeks } from '../helpers/chart.js';
import { makeCustomer, makeTicket, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID, type RecordedCall } from '../helpers/fake-slack.js';

// A real process (the job CLI: the sweep, then the outbox delivering what it wrote, paced as in
// production) is killed with SIGKILL at different points of its delivery; then the app carries
// on (another instance, later) and every alert must be in Slack exactly once.
const TRIAGE = 'C0TRIAGE01';
const ALERTS = 'C0ALERTS01';
const ESCALATION = 'C0ESCAL001';
const DIGEST = 'C0DIGEST01';
const channels = {
  TRIAGE_CHANNEL_ID: TRIAGE,
  ALERTS_CHANNEL_ID: ALERTS,
  ESCALATION_CHANNEL_ID: ESCALATION,
  DIGEST_CHANNEL_ID: DIGEST,
};
const app = useTestApp({ env: channels, now: '2026-11-24T02:00:00Z' });
const TICKETS = 5;

/** A job run in a child process, killed as Slack receives its n-th write; resolves on exit. */
function jobInChild(
  job: string,
  at: string,
  killAfterCalls: number,
): Promise<{ signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    [...toolArgs('jobs'), job, '--team', FAKE_TEAM_ID, '--at', at],
    {
      env: jobCliEnv(app, channels),
      stdio: 'ignore',
    },
  );
  const exited = new Promise<{ signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (_code, signal) => resolve({ signal })),
  );
  const writes = (c: RecordedCall) => c.method === 'chat.postMessage' || c.method === 'chat.update';
  let seen = 0;
  void app.fake
    .callArrives((c) => writes(c) && ++seen >= killAfterCalls)
    .then(() => child.kill('SIGKILL'));
  return exited;
}

/** Every alert line Slack took, per place (a channel, a DM, a ticket's thread). */
function linesByPlace(): Map<string, string[]> {
  const places = new Map<string, string[]>();
  for (const call of app.fake.tookCalls('chat.postMessage')) {
    const place = `${String(call.args.channel)}${call.args.thread_ts ? `/${String(call.args.thread_ts)}` : ''}`;
    // A list's lines are in its blocks; a thread reply's in its text.
    const blocks = call.args.blocks as { text?: { text?: string } }[] | undefined;
    const texts = blocks
      ? blocks.flatMap((b) => (b.text?.text ? [b.text.text] : []))
      : [String(call.args.text ?? '')];
    // A ticket's number, bold, linked to its card once the card is posted.
    const lines = texts.flatMap((t) => t.split('\n')).filter((l) => /\*(<[^|>]+\|)?T2026/.test(l));
    places.set(place, [...(places.get(place) ?? []), ...lines]);
  }
  return places;
}

describe('the sweep and its delivery killed with SIGKILL', () => {
  test.each([1, 2, 3, 5, 8, 11])(
    'killed as Slack receives write %i: after a takeover every alert is in Slack exactly once',
    async (killAfterCalls) => {
      const { code } = await makeCustomer(app, { name: 'Huadong', annualRevenue: 100_000 });
      for (let i = 0; i < TICKETS; i++)
        await makeTicket(app, { customerCode: code, severity: 'urgent', title: `Line ${i}` });
      app.fake.reset();

      // The sweep of 12:00:30: every ticket breached and escalated.
      const { signal } = await jobInChild('sla-alerts', '2026-11-24T04:00:30Z', killAfterCalls);
      expect(signal).toBe('SIGKILL');

      // Later, another instance: the dead one's leases (60 s of real time) have ended.
      app.clock.set(new Date(Date.now() + 5 * 60_000).toISOString());
      const other = app.instance('after-the-crash');
      await other.outbox.drain();
      expect(await app.db.models.outbox.countDocuments({ state: 'pending' })).toBe(0);
      expect(await app.db.models.outbox.countDocuments({ state: 'dead' })).toBe(0);

      const places = linesByPlace();
      for (const [place, lines] of places)
        expect(new Set(lines).size, `${place}: ${lines.join(' | ')}`).toBe(lines.length);
      // Breach and escalation of each ticket: in the alerts list and the owner's DM, the
      // escalation in the escalation channel, both in the ticket's thread.
      const count = (prefix: string) =>
        [...places].filter(([p]) => p === prefix).flatMap(([, l]) => l).length;
      expect(count(ALERTS)).toBe(2 * TICKETS);
      expect(count(OWNER)).toBe(2 * TICKETS);
      expect(count(ESCALATION)).toBe(TICKETS);
      const threads = [...places].filter(([p]) => p.startsWith(`${TRIAGE}/`));
      expect(threads).toHaveLength(TICKETS);
      expect(threads.every(([, l]) => l.length === 2)).toBe(true);
      // Every card shows the escalation.
      const tickets = await app.db.models.tickets.find({ teamId: FAKE_TEAM_ID }).lean();
      for (const t of tickets) {
        expect(t.level).toBe(2);
        const updates = app.fake.tookCalls('chat.update').filter((c) => c.args.ts === t.card!.ts);
        expect(JSON.stringify(updates.at(-1)?.args.blocks)).toContain('L2');
      }
    },
  );

  test('the digest killed as Slack receives its message: after a takeover it is posted once, with its chart', async () => {
    const start = app.clock.now();
    app.clock.set('2026-11-09T01:00:00Z'); // the workspace exists, served since 9 November
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    app.clock.set(start);
    await storeEarlierWeeks(app, '2026-11-23T01:00:30Z'); // weeks enough for a chart
    const { signal } = await jobInChild('digest', '2026-11-23T01:00:30Z', 1);
    expect(signal).toBe('SIGKILL');
    app.clock.set(new Date(Date.now() + 5 * 60_000).toISOString());
    await app.instance('after-the-crash').outbox.drain();
    expect(app.fake.tookPostsTo(DIGEST)).toHaveLength(1);
    expect(app.fake.tookCalls('files.completeUploadExternal')).toHaveLength(1);
    const week = await app.db.models.digests.findOne({ week: '2026-W47' }).lean();
    expect(week!.post).toMatchObject({ channel: DIGEST });
    expect(week!.post!.postedAt).toBeInstanceOf(Date);
  });
});
