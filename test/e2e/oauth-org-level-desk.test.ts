import { afterAll, describe, expect, test } from 'vitest';
import type { WorkspaceJob } from '../../src/schedule/job.js';
import { runDue } from '../../src/schedule/runner.js';
import { dailySlot } from '../../src/schedule/slots.js';
import { useTestApp } from '../helpers/app.js';
import { jobDeps } from '../helpers/jobs.js';
import {
  installFromPage,
  oauthEnv,
  orgCommand,
  orgUninstalled,
  ORG_INSTALL,
} from '../helpers/oauth.js';

// An org-wide install keeps requests that name the org but no workspace apart, under the
// enterprise id, "as a workspace of its own" (README, Installing in several workspaces). Its
// desk then has customers and tickets, so it is served as the org's workspaces are: its
// scheduled jobs run (once, whichever instance claims them), an org uninstall stops it and
// erases it when its settings say so, and the org's installer is its first admin (nobody else
// is made one). It once had none of these: no jobs, no retention, nobody to open its settings.
const app = useTestApp({ env: oauthEnv() });
// Whatever the tests found, the log never holds a bot token.
afterAll(() => {
  expect(app.rawLogs.join('\n')).not.toMatch(/xox[bp]-/);
});
const ORG = ORG_INSTALL;
const E = ORG.enterpriseId!;
const ORG_TEAM = 'T0INITECH1';

const helloJob: WorkspaceJob = {
  name: 'test-hello',
  scope: 'workspace',
  catchUpMs: 24 * 3600_000,
  slotAt: (now, settings) => dailySlot(now, settings.timeZone, '09:00'),
  run: async (deps, ctx) => {
    await deps.services.outbox.enqueue(ctx, [
      {
        key: 'hello',
        kind: 'message',
        to: 'C0HELLO001',
        data: { message: { text: 'hello' } },
      },
    ]);
    return { hello: 1 };
  },
};

describe('an org-wide install’s org-level desk (no workspace named)', () => {
  test('its scheduled jobs run, as a workspace’s of the org do', async () => {
    await installFromPage(app, 'code-org', ORG);
    const person = { userId: ORG.installerUserId };
    // A command from a workspace of the org, and one at the org's level (its own id as the team).
    expect(
      (
        await orgCommand(app, ORG, '/ticket', 'help', {
          ...person,
          teamId: ORG_TEAM,
        })
      ).status,
    ).toBe(200);
    expect((await orgCommand(app, ORG, '/ticket', 'help', { ...person, teamId: E })).status).toBe(
      200,
    );
    expect(await app.db.models.workspaces.countDocuments({ teamId: E })).toBe(1);
    app.clock.set('2026-11-24T01:00:30Z');
    app.fake.reset();
    // Two instances' minute tickers at once: each slot runs once, on one of them.
    const runs = (
      await Promise.all([
        runDue(jobDeps(app, 'a'), [helloJob]),
        runDue(jobDeps(app, 'b'), [helloJob]),
      ])
    ).flat();
    expect(
      runs
        .filter((r) => r.ran)
        .map((r) => r.teamId)
        .sort(),
    ).toEqual([E, ORG_TEAM].sort());
    // What they wrote goes out with the org install's token, the org-level desk's too.
    await app.desk.outbox.drain();
    const posts = app.fake.callsTo('chat.postMessage').filter((c) => c.args.text === 'hello');
    expect(posts.map((p) => p.token)).toEqual([ORG.botToken, ORG.botToken]);
  });

  test('the org install uninstalled erases the org-level desk’s data when its settings say so', async () => {
    await installFromPage(app, 'code-org', ORG);
    const person = { userId: ORG.installerUserId };
    expect((await orgCommand(app, ORG, '/ticket', 'help', { ...person, teamId: E })).status).toBe(
      200,
    );
    await app.desk.services.workspaces.update(E, (s) => ({
      ...s,
      eraseOnUninstall: true,
    }));
    expect(await app.db.models.workspaces.countDocuments({ teamId: E })).toBe(1);
    expect(
      (await orgUninstalled(app, ORG, { teamId: ORG_TEAM, eventId: 'Ev0ORGUNINST' })).status,
    ).toBe(200);
    expect((await app.db.models.installations.findOne({ key: E }).lean())!.state).toBe(
      'uninstalled',
    );
    // The org-level desk chose to be forgotten on uninstall: its settings are gone.
    expect(await app.db.models.workspaces.countDocuments({ teamId: E })).toBe(0);
  });

  test('the person who installed org-wide can set up the org-level desk, as they can each workspace’s', async () => {
    await installFromPage(app, 'code-org', ORG);
    const person = { userId: ORG.installerUserId };
    app.fake.reset();
    expect(
      (
        await orgCommand(app, ORG, '/desk', 'settings', {
          ...person,
          teamId: ORG_TEAM,
        })
      ).status,
    ).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    app.fake.reset();
    const res = await orgCommand(app, ORG, '/desk', 'settings', {
      ...person,
      teamId: E,
    });
    expect(res.status).toBe(200);
    // What the person was told instead of the settings opening.
    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
    expect(told).toEqual([]);
    expect(app.fake.callsTo('views.open')).toHaveLength(1);
    expect((await app.desk.services.workspaces.settings(E)).admins).toEqual([ORG.installerUserId]);
  });

  test('someone else at the org level first is not made its admin: the installer is', async () => {
    await installFromPage(app, 'code-org', ORG);
    const other = { userId: 'U0ORGUSER2', teamId: E };
    app.fake.reset();
    expect((await orgCommand(app, ORG, '/desk', 'settings', other)).status).toBe(200);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    // Refused as a person who is not an admin (not told the desk has no admin yet).
    const told = app.fake.callsTo('response_url').map((c) => String(c.args.text ?? ''));
    expect(told).toHaveLength(1);
    expect(told[0]).not.toContain('npm run admins');
    expect((await app.desk.services.workspaces.settings(E)).admins).toEqual([ORG.installerUserId]);
  });
});
