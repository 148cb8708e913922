// A daily, weekly or monthly job runs once per local period of its workspace, whatever an admin
// changes in `/desk settings` meanwhile (the time zone, the business day's start, the digest's
// day or time): the ledger keys a run by the period it covers, not by the instant it fires.
import { beforeEach, describe, expect, test } from 'vitest';
import { digestJob } from '../../jobs/digest.js';
import { monthlyReportJob } from '../../jobs/report.js';
import { tasksJob } from '../../jobs/tasks.js';
import type { SettingsGroup } from '../../src/workspace/settings.js';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { recordedRun, runJobAt } from '../helpers/jobs.js';
import { settingsKit } from '../helpers/settings.js';

const ADMIN = 'U0ADMIN001';
const DIGEST = 'C0DIGEST01';

// Friday 2026-11-20 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00.
const app = useTestApp({
  env: { ADMIN_USER_IDS: ADMIN, DIGEST_CHANNEL_ID: DIGEST },
  now: '2026-11-20T02:00:00Z',
});
const { openGroup } = settingsKit(app, ADMIN);

/** An admin saves a settings group through its modal at `iso`. */
async function save(iso: string, group: SettingsGroup, form: Record<string, string>) {
  app.clock.set(iso);
  const res = await app.slack.submitView(await openGroup(group), form, { userId: ADMIN });
  expect(res.body).toBe('');
}

/** The runs of a job the ledger holds for the test workspace, by the period each covered. */
async function periods(job: string): Promise<string[]> {
  const runs = await app.db.models.jobRuns.find({ job, teamId: FAKE_TEAM_ID }).lean();
  // The job's lock (`lock:<job>:<team>`) is no run, nor the record under the slot's instant
  // that tells an older instance of a rolling upgrade the slot is done (no period).
  return runs
    .filter((r) => !r._id.startsWith('lock:') && !r.coveredBy)
    .map((r) => String(r.period))
    .sort();
}

describe('a job runs once per local period, whatever the settings change', () => {
  // The desk serves the workspace from Friday 20 November.
  beforeEach(() => app.desk.services.workspaces.settings(FAKE_TEAM_ID));

  test('daily tasks: a later business day start, then another time zone, do not run the same day again', async () => {
    const c = await makeCustomer(app, { name: 'Monthly Co', annualRevenue: 600_000 });
    // A care contact due Friday 27 November: planned and reminded by Tuesday's run.
    await app.db.models.customers.updateOne(
      { _id: c.id },
      { $set: { lifecycle: 'stable', lastInteractionAt: new Date('2026-10-30T02:00:00Z') } },
    );
    const [first] = await runJobAt(app, tasksJob, '2026-11-24T01:00:00Z'); // Tue 09:00 Shanghai
    expect(first!.counts).toMatchObject({ careCreated: 1, reminded: 1 });
    expect(app.fake.postsTo(OWNER)).toHaveLength(1);

    // The business day now starts at 10:00: Tuesday's 10:00 is a new slot of the same day.
    await save('2026-11-24T01:30:00Z', 'hours', { windows: '10:00-18:00' });
    expect(await runJobAt(app, tasksJob, '2026-11-24T02:00:00Z')).toEqual([]);
    expect(app.fake.postsTo(OWNER)).toEqual([]);

    // The desk moves to London: 10:00 there is 18:00 in Shanghai, still Tuesday 24 November.
    await save('2026-11-24T03:00:00Z', 'locale', { locale: 'en', time_zone: 'Europe/London' });
    expect(await runJobAt(app, tasksJob, '2026-11-24T10:00:00Z')).toEqual([]);
    expect(app.fake.postsTo(OWNER)).toEqual([]);

    // Wednesday 10:00 in London: Wednesday's run, once.
    const wednesday = await runJobAt(app, tasksJob, '2026-11-25T10:00:00Z', ['a', 'b']);
    expect(wednesday).toHaveLength(1);
    expect(await runJobAt(app, tasksJob, '2026-11-25T10:01:00Z')).toEqual([]);
    expect(await periods('tasks')).toEqual(['2026-11-24', '2026-11-25']);
  });

  test("the monthly report: its time moved later on the first working day does not run the month's report again", async () => {
    const [first] = await runJobAt(app, monthlyReportJob, '2026-12-01T01:00:00Z'); // Tue 09:00
    expect(first!.counts).toEqual({ queued: 1 });
    expect(app.fake.postsTo(DIGEST)).toHaveLength(1);

    await save('2026-12-01T02:00:00Z', 'digest', { digest_time: '15:00' });
    expect(await runJobAt(app, monthlyReportJob, '2026-12-01T07:00:00Z')).toEqual([]);
    expect(app.fake.postsTo(DIGEST)).toEqual([]);
    expect(await periods('report-month')).toEqual(['2026-11']);
  });

  test("the weekly digest: its day moved to later in the week does not run last week's digest again", async () => {
    const [first] = await runJobAt(app, digestJob, '2026-11-23T01:00:00Z'); // Mon 09:00
    expect(first!.counts).toEqual({ queued: 1 });
    expect(app.fake.postsTo(DIGEST)).toHaveLength(1);

    await save('2026-11-23T02:00:00Z', 'digest', { digest_weekday: '3' });
    expect(await runJobAt(app, digestJob, '2026-11-25T01:00:00Z')).toEqual([]); // Wed 09:00
    expect(app.fake.postsTo(DIGEST)).toEqual([]);
    // The next week's on its new day, once.
    expect(await runJobAt(app, digestJob, '2026-12-02T01:00:00Z')).toHaveLength(1);
    expect(await periods('digest')).toEqual(['2026-W47', '2026-W48']);
  });

  test("a day's run recorded under its slot, before runs were keyed by their period (an upgrade that day), is not run again", async () => {
    const slot = new Date('2026-11-24T01:00:00Z');
    const ledger = app.desk.services.jobLedger;
    await recordedRun(
      app,
      { job: 'tasks', slot, instance: 'old' },
      { ok: true, counts: { reminded: 2 } },
    );
    expect(await runJobAt(app, tasksJob, '2026-11-24T01:05:00Z')).toEqual([]);
    expect(await runJobAt(app, tasksJob, '2026-11-24T01:06:00Z')).toEqual([]);
    expect(await ledger.find('tasks', FAKE_TEAM_ID, '2026-11-24')).toMatchObject({
      status: 'done',
      counts: { reminded: 2 },
    });
    // The next day runs.
    expect(await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z')).toHaveLength(1);
  });

  // A rolling upgrade: an older instance keys the slot by its instant. After this version ran the
  // day, the older one finds the slot done; a slot it failed before the upgrade is run here.
  test('a day run by its period is done for an older instance too; one an older instance failed is run again', async () => {
    const ledger = app.desk.services.jobLedger;
    const slot = new Date('2026-11-24T01:00:00Z');
    const asOlder = (at: Date) =>
      ledger.claim({
        job: 'tasks',
        teamId: FAKE_TEAM_ID,
        slot,
        instance: 'old',
        now: at,
        leaseMs: 60_000,
      });
    const failed = await asOlder(slot);
    await ledger.finish(failed!, { ok: false, error: 'boom', now: slot });
    const [run] = await runJobAt(app, tasksJob, '2026-11-24T01:05:00Z');
    expect(run).toMatchObject({ ran: true });
    expect(await asOlder(new Date('2026-11-24T01:10:00Z'))).toBeNull();
    expect(await ledger.find('tasks', FAKE_TEAM_ID, slot)).toMatchObject({
      status: 'done',
      coveredBy: '2026-11-24',
    });
  });
});
