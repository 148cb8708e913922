// A forced re-run of a month's report (`npm run job -- report-month --force`, or `--at`) after
// its targets changed rebuilds the month but keeps the targets stored with it: `/desk report`
// and the report CLI's CSV still read October against the target it was posted with. Only a
// first build (or one made while the period was still running) stores today's targets.
// (revp64 F1: the rebuild stored today's targets as the month's.)
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

function repurchase(message: { args: Record<string, unknown> }): string | undefined {
  for (const block of message.args.blocks as { fields?: { text: string }[] }[])
    for (const f of block.fields ?? []) if (f.text.startsWith('*Repurchase rate*')) return f.text;
  return undefined;
}

const stored = async () =>
  (await app.db.models.reports.findOne({ teamId: FAKE_TEAM_ID, period: '2026-10' }).lean())?.figures
    ?.targets as Record<string, number> | undefined;

describe('a forced re-run of a past month keeps its targets', { timeout: 60_000 }, () => {
  test('October posted at 55 %, target then 45 %: the forced re-post and /desk report still say 55 %', async () => {
    await twoMonths();
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    expect(repurchase(app.fake.postsTo(DIGEST)[0]!)).toContain('target 55%');
    const builtAt = (await app.db.models.reports.findOne({ period: '2026-10' }).lean())?.builtAt;
    await app.setSettings(({ digest }) => ({
      digest: { ...digest, targets: { ...digest.targets, repurchaseRate: 0.45 } },
    }));
    app.clock.set('2026-11-05T02:00:00Z');
    app.fake.reset();
    await runSlot(
      jobDeps(app),
      monthlyReportJob,
      FAKE_TEAM_ID,
      new Date('2026-11-02T01:00:00Z'),
      app.clock.now(),
      { force: true },
    );
    await app.desk.outbox.drain();
    // It was rebuilt (not read back), against the targets it was first built with.
    const rebuilt = await app.db.models.reports.findOne({ period: '2026-10' }).lean();
    expect(rebuilt?.builtAt.getTime()).toBeGreaterThan(builtAt!.getTime());
    expect((await stored())?.repurchaseRate).toBe(0.55);
    expect(repurchase(app.fake.postsTo(DIGEST)[0]!)).toContain('target 55%');
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-10', { userId: ADMIN });
    const [sent] = app.fake.postsTo(`D${ADMIN.slice(1)}`);
    expect(repurchase(sent!)).toContain('target 55%');
  });

  test('October stored before targets were kept: a forced re-run keeps it without them, read against today’s, not today’s stored as October’s', async () => {
    await twoMonths();
    await runJobAt(app, monthlyReportJob, '2026-11-02T01:00:00Z');
    // As stored before 2026-12-07: no targets with it.
    await app.db.models.reports.updateOne(
      { teamId: FAKE_TEAM_ID, period: '2026-10' },
      { $unset: { 'figures.targets': 1 } },
    );
    const builtAt = (await app.db.models.reports.findOne({ period: '2026-10' }).lean())?.builtAt;
    await app.setSettings(({ digest }) => ({
      digest: { ...digest, targets: { ...digest.targets, repurchaseRate: 0.45 } },
    }));
    app.clock.set('2026-11-05T02:00:00Z');
    app.fake.reset();
    await runSlot(
      jobDeps(app),
      monthlyReportJob,
      FAKE_TEAM_ID,
      new Date('2026-11-02T01:00:00Z'),
      app.clock.now(),
      { force: true },
    );
    await app.desk.outbox.drain();
    const rebuilt = await app.db.models.reports.findOne({ period: '2026-10' }).lean();
    expect(rebuilt?.builtAt.getTime()).toBeGreaterThan(builtAt!.getTime());
    // Still without stored targets: read against the settings as they are at each reading.
    expect(await stored()).toBeUndefined();
    expect(repurchase(app.fake.postsTo(DIGEST)[0]!)).toContain('target 45%');
    await app.setSettings(({ digest }) => ({
      digest: { ...digest, targets: { ...digest.targets, repurchaseRate: 0.5 } },
    }));
    app.fake.reset();
    await app.slack.command('/desk', 'report month 2026-10', { userId: ADMIN });
    const [sent] = app.fake.postsTo(`D${ADMIN.slice(1)}`);
    expect(repurchase(sent!)).toContain('target 50%');
  });
});
