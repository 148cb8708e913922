import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { recordedRun, runTool, toolArgs } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

// The job CLI is what an external scheduler runs: its exit code and its one line must tell a
// failed run from one that completed (issue 15, defect 8).
const DIGEST = 'C0DIGEST01';
const app = useTestApp({ env: { DIGEST_CHANNEL_ID: DIGEST }, now: '2026-11-23T02:00:00Z' });

/** Runs the CLI without blocking this process: the fake Slack it calls lives here. */
const cli = (...args: string[]) =>
  runTool(app, toolArgs('jobs'), args, { DIGEST_CHANNEL_ID: DIGEST });

// Each test starts the CLI as a process several times, a few seconds each on a busy machine.
describe('job CLI outcomes', { timeout: 60_000 }, () => {
  test('a failed run is reported as failed with exit code 1, not as "ran"; a repeat within the minute says how many tries failed', async () => {
    // The workspace exists, served since the week before the one the digest reports.
    app.clock.set('2026-11-09T02:00:00Z');
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const at = ['digest', '--team', FAKE_TEAM_ID, '--at', '2026-11-23T01:00:20Z'];
    // The slot in the workspace's zone, with the week its run reports (the ledger's key).
    const slot = '2026-11-23 09:00 GMT+8 (for 2026-W47)';

    // A ticket stored without its SLA makes the week's figures throw: the run fails.
    const tickets = app.db.conn.db!.collection('tickets');
    await tickets.insertOne({
      teamId: FAKE_TEAM_ID,
      number: 'T20269999',
      status: 'new',
      receivedAt: new Date('2026-11-18T02:00:00Z'),
    });
    const failed = await cli(...at);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(
      `digest for ${FAKE_TEAM_ID}, slot ${slot}: failed (attempt 1 of 3): Cannot read properties of undefined (reading 'aroundTheClock')\n`,
    );
    const run = await app.db.models.jobRuns
      .findOne({ _id: `digest:${FAKE_TEAM_ID}:2026-W47` }) // keyed by the week it reports
      .lean();
    expect(run).toMatchObject({ status: 'failed', attempts: 1 });

    // Within the minute the ledger will not try it again: one failure is one, not three, with
    // its error. Not "retried after": the ledger's times are real ones, and the ticker never
    // goes back to a slot of a past week (`--at`) beyond the digest's catch-up window.
    const early = await cli(...at);
    expect(early.status).toBe(1);
    expect(early.stderr).toBe(
      `digest for ${FAKE_TEAM_ID}, slot ${slot}: failed 1 time of 3 (last error: Cannot read properties of undefined (reading 'aroundTheClock')), not retried (use --force to run it again)\n`,
    );
    expect(app.fake.callsTo('chat.postMessage')).toHaveLength(0);

    // Repaired and forced: ran, exit 0.
    await tickets.deleteOne({ number: 'T20269999' });
    const forced = await cli(...at, '--force');
    expect(forced.status).toBe(0);
    const ran = `digest for ${FAKE_TEAM_ID}, slot ${slot}: ran (`;
    expect(forced.stdout.slice(0, ran.length)).toBe(ran);
  });

  test('a failed slot to be tried again says when in the zone its slot is shown in, not in UTC beside it', async () => {
    app.clock.set('2026-11-09T02:00:00Z');
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    await app.db.conn.db!.collection('tickets').insertOne({
      teamId: FAKE_TEAM_ID,
      number: 'T20269999',
      status: 'new',
      receivedAt: new Date('2026-11-18T02:00:00Z'),
    });
    // The tool run at the digest's slot, then half a minute later (its clock set there, tests
    // only): the ledger's next try, a minute after the failure, is within the slot's catch-up
    // window.
    const at = (now: string) =>
      runTool(app, toolArgs('jobs'), ['digest', '--team', FAKE_TEAM_ID], {
        DIGEST_CHANNEL_ID: DIGEST,
        NODE_ENV: 'test',
        CARE_DESK_NOW: now,
      });
    expect((await at('2026-11-23T01:00:00Z')).status).toBe(1);
    const again = await at('2026-11-23T01:00:30Z');
    expect(again.stdout).toBe('');
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      `digest for ${FAKE_TEAM_ID}, slot 2026-11-23 09:00 GMT+8 (for 2026-W47): failed 1 time of 3 (last error: Cannot read properties of undefined (reading 'aroundTheClock')), retried after 2026-11-23 09:01 GMT+8 (use --force to run it now)\n`,
    );
  });

  test('at the default LOG_LEVEL its one line is all it writes on stdout, as the other tools: no JSON log lines mixed in', async () => {
    const res = await runTool(app, toolArgs('jobs'), ['outbox', '--force'], { LOG_LEVEL: 'info' });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(
      /^outbox for \*, slot \d{4}-\d\d-\d\d \d\d:\d\d UTC: ran \(repaired 0, tasksRepaired 0, upgradesRepaired 0, nextStepsRepaired 0, purged 0\)\n$/,
    );
    expect(res.stderr).toBe('');
  });

  test('a slot whose three attempts failed says so', async () => {
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const slot = new Date('2026-11-23T01:00:00.000Z');
    // Three tries, each failed, recorded through the ledger as the runner records them.
    for (let i = 0; i < 3; i++)
      await recordedRun(
        app,
        {
          job: 'digest',
          slot,
          period: '2026-W47', // the week the slot reports: what its run is keyed by
          instance: 'x',
          now: new Date(slot.getTime() + i * 2 * 60_000),
        },
        { ok: false, error: 'channel_not_found' },
      );
    const res = await cli('digest', '--team', FAKE_TEAM_ID, '--at', '2026-11-23T01:10:00Z');
    expect(res.status).toBe(1);
    expect(res.stderr).toBe(
      `digest for ${FAKE_TEAM_ID}, slot 2026-11-23 09:00 GMT+8 (for 2026-W47): failed 3 times of 3 (last error: channel_not_found), not retried (use --force to run it again)\n`,
    );
  });

  test('a slot done without posting says why, in words, with the counts its run recorded', async () => {
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    const slot = new Date('2026-11-23T01:00:00.000Z');
    // The digest ran with no digest channel set: done, posted nowhere.
    await recordedRun(
      app,
      { job: 'digest', slot, period: '2026-W47', instance: 'x' },
      { ok: true, counts: { queued: 0, noChannel: 1 } },
    );
    const res = await cli('digest', '--team', FAKE_TEAM_ID, '--at', '2026-11-23T01:10:00Z');
    expect(res.status).toBe(0);
    expect(res.stdout).toBe(
      `digest for ${FAKE_TEAM_ID}, slot 2026-11-23 09:00 GMT+8 (for 2026-W47): already run, not posted: no digest channel is set (queued 0, noChannel 1) (use --force to run it again)\n`,
    );
  });

  test('a daily job’s slot is shown in the workspace’s zone alone: its ledger key, the slot’s local day, is not the period it covers', async () => {
    await app.desk.services.workspaces.settings(FAKE_TEAM_ID);
    // figures-daily at 00:30 on the 24th (Shanghai) stores the days ended by then, up to the 23rd.
    const slot = new Date('2026-11-23T16:30:00.000Z');
    const ledger = app.desk.services.jobLedger;
    const claim = await ledger.claim({
      job: 'figures-daily',
      teamId: FAKE_TEAM_ID,
      slot,
      period: '2026-11-24',
      instance: 'x',
      now: slot,
      leaseMs: 60_000,
    });
    await ledger.finish(claim!, { ok: true, counts: {}, now: slot });
    const res = await cli('figures-daily', '--team', FAKE_TEAM_ID, '--at', '2026-11-23T16:40:00Z');
    expect(res.stdout).toBe(
      `figures-daily for ${FAKE_TEAM_ID}, slot 2026-11-24 00:30 GMT+8: already run (use --force to run it again)\n`,
    );
  });

  // From test/e2e (scheduler): the CLI's child processes cost e2e's `npm test` ~8 s.
  test('runs a job once for a slot, says so the second time, and --force runs it again', async () => {
    app.clock.set('2026-11-24T02:00:00Z');
    const at = ['--at', '2026-11-24T02:00:20Z'];
    expect((await cli('outbox', ...at)).stdout).toBe(
      'outbox for *, slot 2026-11-24 02:00 UTC: ran (repaired 0, tasksRepaired 0, upgradesRepaired 0, nextStepsRepaired 0, purged 0)\n',
    );
    expect((await cli('outbox', ...at)).stdout).toBe(
      'outbox for *, slot 2026-11-24 02:00 UTC: already run (repaired 0, tasksRepaired 0, upgradesRepaired 0, nextStepsRepaired 0, purged 0) (use --force to run it again)\n',
    );
    expect((await cli('outbox', ...at, '--force')).stdout).toContain(': ran');
    const bad = await cli('no-such-job');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Usage: npm run job -- sla-alerts --team');
  });
});
