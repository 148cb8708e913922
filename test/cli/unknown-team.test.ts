// A mistyped `--team` on the command-line tools: refused, naming the team id and the workspaces
// the database knows, exit code 2, nothing written (it used to make a new, empty workspace and run
// against it). A workspace is made by the app itself: at its first request from there.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { hostsOf } from '../../src/db/connection.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs, type CliRun } from '../helpers/jobs.js';
import { tempDir } from '../helpers/temp.js';

const ADMIN = 'U0ADMIN001';
const TYPO = 'T0TYPO0001';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

/** Every tool that takes `--team`, run for `team` (sequentially: a few seconds each). */
async function everyTool(team: string, out: string): Promise<[string, CliRun][]> {
  const runs: [string, string[], string[]][] = [
    ['job', toolArgs('jobs'), ['tasks', '--team', team, '--at', '2026-11-24T01:00:00Z']],
    ['report', toolArgs('report'), ['--team', team, '--period', '2026-10']],
    [
      'customers import',
      toolArgs('customers'),
      ['import', '--team', team, '--as', ADMIN, '--file', 'test/fixtures/customers-zh.csv'],
    ],
    [
      'customers export',
      toolArgs('customers'),
      ['export', '--team', team, '--as', ADMIN, '--out', out],
    ],
    ['privacy log', toolArgs('privacy'), ['log', '--team', team, '--as', ADMIN]],
  ];
  const results: [string, CliRun][] = [];
  for (const [name, entry, args] of runs)
    results.push([name, await runTool(app, entry, args, { ADMIN_USER_IDS: ADMIN })]);
  return results;
}

/** What a tool could have written, counted. */
async function written() {
  const { models } = app.db;
  return {
    workspaces: await models.workspaces.countDocuments({}),
    jobRuns: await models.jobRuns.countDocuments({}),
    customers: await models.customers.countDocuments({}),
    privacyLog: await models.privacyLog.countDocuments({}),
    outbox: await models.outbox.countDocuments({}),
  };
}

// Each run is a child process, a few seconds each on a busy machine.
describe('--team of no workspace', { timeout: 120_000 }, () => {
  test('every tool refuses it naming it and the known workspaces, exit 2, nothing written; the first request from a workspace makes it, and then the tools run for it', async () => {
    const out = join(tempDir('unknown-team-'), 'customers.csv');
    // A database no request came to yet: no workspace at all.
    for (const [name, run] of await everyTool(FAKE_TEAM_ID, out)) {
      expect({ name, ...run }).toEqual({
        name,
        status: 2,
        stdout: '',
        // Which database held none (run from another folder, it may not be the desk's): its
        // hosts, never a user and password.
        stderr: `team: no workspace ${FAKE_TEAM_ID} (none yet); a workspace is made when the app is installed there or first used there\n(looked in the database at MONGODB_URI ${hostsOf(inject('mongoUri'))})\n`,
      });
    }
    expect(await written()).toEqual({
      workspaces: 0,
      jobRuns: 0,
      customers: 0,
      privacyLog: 0,
      outbox: 0,
    });
    expect(existsSync(out)).toBe(false);

    // The workspace's first request (its admin opens App Home) makes it, as it always did.
    await app.slack.event(
      { type: 'app_home_opened', user: ADMIN, channel: 'D0HOME0001', tab: 'home' },
      { userId: ADMIN },
    );
    const made = await app.db.models.workspaces.find({}).lean();
    expect(made.map((w) => [w.teamId, (w.settings as { admins: string[] }).admins])).toEqual([
      [FAKE_TEAM_ID, [ADMIN]],
    ]);

    // A typo now names the one known (one tool is enough: they share the refusal).
    const before = await written();
    const typo = await runTool(app, toolArgs('jobs'), ['tasks', '--team', TYPO]);
    expect(typo).toEqual({
      status: 2,
      stdout: '',
      stderr: `team: no workspace ${TYPO} (known: ${FAKE_TEAM_ID}); a workspace is made when the app is installed there or first used there\n`,
    });
    expect(await written()).toEqual(before);

    // The right team id runs.
    const job = await runTool(app, toolArgs('jobs'), [
      'tasks',
      '--team',
      FAKE_TEAM_ID,
      '--at',
      '2026-11-24T01:00:00Z',
    ]);
    expect(job.stderr).toBe('');
    expect(job.stdout).toMatch(new RegExp(`^tasks for ${FAKE_TEAM_ID}, slot .*: ran`));
    const log = await runTool(
      app,
      toolArgs('privacy'),
      ['log', '--team', FAKE_TEAM_ID, '--as', ADMIN],
      {
        ADMIN_USER_IDS: ADMIN,
      },
    );
    expect(log).toMatchObject({ status: 0, stderr: '' });
  });

  test('a job run for every workspace at once refuses a --team instead of ignoring it', async () => {
    expect(await runTool(app, toolArgs('jobs'), ['outbox', '--team', FAKE_TEAM_ID])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'outbox runs for every workspace at once: leave out --team\n',
    });
    expect(await app.db.models.jobRuns.countDocuments({})).toBe(0);
  });
});
