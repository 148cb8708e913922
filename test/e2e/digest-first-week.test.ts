// A desk's first weekly digest (and monthly report) is of a period that ended after the desk
// began serving the workspace: never one before it existed, however the digest's day is set or
// moved. digest7: nor when an operator forces it (`npm run job -- digest --force`), as a forced
// report-month or report-quarter of such a period posts nothing (ReportService.beforeDesk).
import { describe, expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { runSlot } from '../../src/schedule/runner.js';
import { useTestApp } from '../helpers/app.js';
import { ctxOf } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { jobDeps, runJobAt } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const DIGEST = 'C0DIGEST01';

// Wednesday 2026-12-02 10:00 in Shanghai (week 49: Mon 30 November - Sun 6 December).
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-12-02T02:00:00Z',
});
const { openGroup } = settingsKit(app, ADMIN);

describe("a new desk's first digest", () => {
  test('installed on a Wednesday, its digest day moved to Thursday: no digest of the week before, the first is of its own week', async () => {
    // The desk's first request from the workspace: the admin opens the digest settings.
    const view = await openGroup('digest');
    // Monday's slot is still within its catch-up window, but week 48 ended before the desk.
    const [wednesday] = await runJobAt(app, digestJob, '2026-12-02T02:01:00Z');
    expect(wednesday?.counts ?? {}).not.toHaveProperty('queued', 1);
    expect(app.fake.postsTo(DIGEST)).toEqual([]);

    // The digest moved to Thursdays: Thursday's slot reports week 48 too.
    app.clock.set('2026-12-02T02:05:00Z');
    expect(
      (await app.slack.submitView(view, { digest_weekday: '4' }, { userId: ADMIN })).body,
    ).toBe('');
    await runJobAt(app, digestJob, '2026-12-03T01:00:00Z');
    expect(app.fake.postsTo(DIGEST)).toEqual([]);

    // Thursday 10 December 09:00: week 49, which ended after the install, once.
    const [first] = await runJobAt(app, digestJob, '2026-12-10T01:00:00Z');
    expect(first!.counts).toEqual({ queued: 1 });
    const posts = app.fake.postsTo(DIGEST);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.text).toMatch(
      /^Weekly KPI digest · 2026-W49 \(2026-11-30 – 2026-12-06\)/,
    );
  });

  test("installed on 2 December: no report of November; December's is the first", async () => {
    await openGroup('digest');
    // The first working day's slot (Tuesday 1 December) is still within its catch-up window.
    const [november] = await runJobAt(app, monthlyReportJob, '2026-12-02T02:01:00Z');
    expect(november?.counts ?? {}).not.toHaveProperty('queued', 1);
    expect(app.fake.postsTo(DIGEST)).toEqual([]);

    const [december] = await runJobAt(app, monthlyReportJob, '2027-01-05T01:30:00Z');
    expect(december!.counts).toEqual({ queued: 1 });
    const posts = app.fake.postsTo(DIGEST);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.text).toContain('2026-12');
  });

  test('a forced digest of the week before the install posts nothing either, and says why; the week the desk began in is forced as usual', async () => {
    await openGroup('digest');
    app.fake.reset();
    // Monday 30 November 09:00: the slot of week 48, which ended before the desk's first request.
    const before = await runSlot(
      jobDeps(app, 'cli'),
      digestJob,
      FAKE_TEAM_ID,
      new Date('2026-11-30T01:00:00Z'),
      app.clock.now(),
      { force: true },
    );
    expect(before.counts).toEqual({ queued: 0, beforeInstall: 1 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(DIGEST)).toEqual([]);
    expect(app.fake.callsTo('files.getUploadURLExternal')).toEqual([]);

    // Week 49, begun before the desk and ended after it, is forced as any week.
    app.clock.set('2026-12-07T02:00:00Z');
    const after = await runSlot(
      jobDeps(app, 'cli'),
      digestJob,
      FAKE_TEAM_ID,
      new Date('2026-12-07T01:00:00Z'),
      app.clock.now(),
      { force: true },
    );
    expect(after.counts).toEqual({ queued: 1 });
    await app.desk.outbox.drain();
    expect(app.fake.postsTo(DIGEST).map((p) => String(p.args.text).slice(0, 36))).toEqual([
      'Weekly KPI digest · 2026-W49 (2026-1',
    ]);
  });

  test('the digest and the monthly report read the workspace once each (the rule of a period before the desk and the period before theirs)', async () => {
    await openGroup('digest');
    app.clock.set('2027-01-05T02:00:00Z');
    const ctx = await ctxOf(app, SYSTEM_ACTOR, { origin: 'job' });
    const reads = vi.spyOn(app.desk.services.workspaces, 'workspace');
    const digest = await app.desk.flows.digests.publish(ctx, new Date('2027-01-04T01:00:00Z'), {
      force: false,
    });
    expect(digest).toEqual({ queued: 1 });
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockClear();
    const report = await app.desk.flows.reports.publish(
      ctx,
      'month',
      new Date('2027-01-05T01:00:00Z'),
      { force: false },
    );
    expect(report).toMatchObject({ queued: 1 });
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
  });
});
