// The job ledger's cleanup (jobs/job-runs-cleanup.ts): the runs of the jobs keyed by their slot
// go a day after their catch-up window (failed ones after 30 days); period-keyed runs and the job
// locks stay; bounded per pass; several instances at once delete each run once.
import { describe, expect, test } from 'vitest';
import { JOBS, jobRunsCleanupJob } from '../../jobs/index.js';
import { jobRunsCleanup } from '../../jobs/job-runs-cleanup.js';
import { outboxJob } from '../../jobs/outbox.js';
import { slaAlertsJob } from '../../jobs/sla-alerts.js';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';
import { indexFailuresWhile } from '../helpers/setups-7-db-commands.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

const DAY = 24 * 3_600_000;

/** A run of `job` for `slot` recorded as an instance would: failed, or left running (it died). */
async function recorded(job: string, slot: string, outcome: 'failed' | 'running' | 'done') {
  const { jobLedger } = app.desk.services;
  const at = new Date(slot);
  const claim = await jobLedger.claim({
    job,
    teamId: FAKE_TEAM_ID,
    slot: at,
    instance: 'gone',
    now: at,
    leaseMs: 2 * 60_000,
  });
  if (outcome !== 'running')
    await jobLedger.finish(claim!, {
      ok: outcome === 'done',
      ...(outcome === 'failed' ? { error: 'Slack down' } : {}),
      now: at,
    });
}

const ids = async () =>
  (await app.db.models.jobRuns.find({}, { _id: 1 }).lean()).map((r) => r._id).sort();

describe('the job ledger cleanup', () => {
  test('deletes the minute runs older than a day and failed ones older than 30 days; keeps the recent ones, the periods, the locks', async () => {
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID); // the workspace served
    await runJobAt(app, slaAlertsJob, '2026-11-22T02:00:10Z'); // two days ago
    await runJobAt(app, outboxJob, '2026-11-22T02:00:20Z');
    await runJobAt(app, tasksJob, '2026-11-22T02:00:30Z'); // the day 2026-11-22: a period
    await runJobAt(app, slaAlertsJob, '2026-11-23T03:30:10Z'); // 22.5 hours before the cleanup
    await recorded('sla-alerts', '2026-11-14T02:00:00Z', 'failed'); // 10 days ago
    await recorded('sla-alerts', '2026-10-20T02:00:00Z', 'failed'); // 35 days ago
    await recorded('sla-alerts', '2026-10-20T02:01:00Z', 'running'); // its instance died then
    await recorded('sla-alerts', '2026-11-20T02:02:00Z', 'running'); // 4 days ago
    const before = await ids();
    const [run] = await runJobAt(app, jobRunsCleanupJob, '2026-11-24T02:00:30Z');
    expect(run!.counts).toEqual({ forgotten: 4 });
    const after = await ids();
    const gone = before.filter((id) => !after.includes(id));
    expect(gone.sort()).toEqual(
      [
        `outbox:*:2026-11-22T02:00:00.000Z`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-11-22T02:00:00.000Z`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-10-20T02:00:00.000Z`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-10-20T02:01:00.000Z`,
      ].sort(),
    );
    expect(after).toEqual(
      expect.arrayContaining([
        `tasks:${FAKE_TEAM_ID}:2026-11-22`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-11-23T03:30:00.000Z`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-11-14T02:00:00.000Z`,
        `sla-alerts:${FAKE_TEAM_ID}:2026-11-20T02:02:00.000Z`,
        `lock:sla-alerts:${FAKE_TEAM_ID}`,
        `lock:outbox:*`,
        `lock:tasks:${FAKE_TEAM_ID}`,
        `job-runs-cleanup:*:2026-11-24T02:00:00.000Z`,
      ]),
    );
    // An hour later the next pass finds nothing more; the sweep still runs its minute.
    const [next] = await runJobAt(app, jobRunsCleanupJob, '2026-11-24T03:00:30Z');
    expect(next!.counts).toEqual({ forgotten: 0 });
    expect((await runJobAt(app, slaAlertsJob, '2026-11-24T03:01:00Z')).map((r) => r.ran)).toEqual([
      true,
    ]);
  });

  test('a backlog goes over several passes, at most the limit each; two instances at once delete each run once', async () => {
    for (let i = 0; i < 5; i++)
      await recorded(
        'sla-alerts',
        new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(),
        'done',
      );
    const { jobLedger } = app.desk.services;
    const now = Date.parse('2026-11-24T02:00:00Z');
    const pass = (limit: number) =>
      jobLedger.forget({
        jobs: [{ job: 'sla-alerts', doneBefore: new Date(now - DAY) }],
        failedBefore: new Date(now - 30 * DAY),
        limit,
      });
    expect([await pass(2), await pass(2)]).toEqual([2, 2]);
    // The last one, by two instances at once: deleted once.
    const both = await Promise.all([pass(10), pass(10)]);
    expect(both.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await pass(10)).toBe(0);
    expect(await app.db.models.jobRuns.countDocuments({ job: 'sla-alerts' })).toBe(0);
  });

  test('a pass deletes up to its bound for each workspace served (more workspaces, more a pass), each delete bounded', async () => {
    // Small bounds for the test: 2 runs a delete, 2 deletes a pass for each workspace served.
    const job = jobRunsCleanup(() => JOBS, { batch: 2, batchesPerWorkspace: 2, passMs: 3_600_000 });
    for (let i = 0; i < 20; i++)
      await recorded(
        'sla-alerts',
        new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString(),
        'done',
      );
    const { workspaces } = app.desk.services;
    await workspaces.settings(FAKE_TEAM_ID);
    const deleted: number[] = [];
    const started = (e: { commandName: string; command: Record<string, any> }) => {
      if (e.commandName === 'delete' && e.command.delete === 'job_runs')
        for (const d of e.command.deletes as { q: { _id: { $in: unknown[] } } }[])
          deleted.push(d.q._id.$in.length);
    };
    const pass = async (iso: string) => {
      let runs: Awaited<ReturnType<typeof runJobAt>> = [];
      await indexFailuresWhile(app, started, async () => {
        runs = await runJobAt(app, job, iso);
      });
      return runs[0]?.counts?.forgotten;
    };
    // One workspace: 2 deletes of 2.
    expect(await pass('2026-11-24T02:00:30Z')).toBe(4);
    // Three served: 6 deletes of 2.
    for (const team of ['T0SCALE002', 'T0SCALE003']) await workspaces.settings(team);
    expect((await workspaces.teamIds()).length).toBe(3);
    expect(await pass('2026-11-24T03:00:30Z')).toBe(12);
    expect(await app.db.models.jobRuns.countDocuments({ job: 'sla-alerts' })).toBe(4);
    // The rest at the next pass, which stops at the first delete finding fewer than its batch.
    expect(await pass('2026-11-24T04:00:30Z')).toBe(4);
    expect(await app.db.models.jobRuns.countDocuments({ job: 'sla-alerts' })).toBe(0);
    expect(deleted.length).toBe(2 + 6 + 2);
    expect(Math.max(...deleted)).toBe(2);
  });
});
