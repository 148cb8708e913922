// A forced re-run of a month's report (`npm run job -- report-month --force`, or `--at`) after
// the per-tier satisfaction targets changed keeps the tiers' targets stored with the month, as
// it keeps the digest targets (report-rerun-keeps-targets): October's key tier stays read
// against the target it was built with. A first build (November's) stores today's.
// (revp66 F1: the rebuild stored today's tierSatisfaction as October's.)
import { describe, expect, test } from 'vitest';
import { monthlyReportJob } from '../../jobs/report.js';
import { runSlot } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { reportMonths } from '../helpers/report-months.js';

const ADMIN = 'U0ADMIN001';
const DIGEST = 'C0DIGEST01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-09-01T02:00:00Z',
  since: '2026-01-01T00:00:00Z',
});
const { twoMonths } = reportMonths(app);

const tierTargets = async (period: string) => {
  const tiers = (
    (await app.db.models.reports.findOne({ teamId: FAKE_TEAM_ID, period }).lean())?.figures as
      { tiers?: Record<string, { satisfactionTarget?: number }> } | undefined
  )?.tiers;
  return (
    tiers && Object.fromEntries(Object.entries(tiers).map(([t, f]) => [t, f.satisfactionTarget]))
  );
};

describe(
  "a forced re-run of a past month keeps its tiers' satisfaction targets",
  { timeout: 60_000 },
  () => {
    test("October built at the key tier's target 90 keeps 90 after the target became 97 and a forced re-run", async () => {
      await twoMonths();
      await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
      const first = await tierTargets('2026-10');
      expect(first?.key).toBeTypeOf('number');
      const builtAt = (await app.db.models.reports.findOne({ period: '2026-10' }).lean())?.builtAt;
      await app.setSettings(({ digest }) => ({
        digest: {
          ...digest,
          tierSatisfaction: { ...digest.tierSatisfaction, key: first!.key! + 7 },
        },
      }));
      app.clock.set('2026-11-05T02:00:00Z');
      await runSlot(
        jobDeps(app),
        monthlyReportJob,
        FAKE_TEAM_ID,
        new Date('2026-11-02T01:00:00Z'),
        app.clock.now(),
        { force: true },
      );
      // Rebuilt (not read back), with every tier's target as first stored.
      const rebuilt = await app.db.models.reports.findOne({ period: '2026-10' }).lean();
      expect(rebuilt?.builtAt.getTime()).toBeGreaterThan(builtAt!.getTime());
      expect(await tierTargets('2026-10')).toEqual(first);
      // November's first build, once it has ended, stores the target set in November.
      await runJobAt(app, monthlyReportJob, '2026-12-02T01:00:00Z');
      expect((await tierTargets('2026-11'))?.key).toBe(first!.key! + 7);
    });
  },
);
