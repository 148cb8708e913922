// A workspace with no desk admin, as its first person reads it (moved from
// test/e2e/first-run.test.ts: it runs the admins CLI as a child process): App Home and the refused
// commands name the command that makes one, and that command, run as the operator runs it, works.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ephemeralOf, homeText } from '../helpers/clicks.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs } from '../helpers/jobs.js';

const ADMIN = 'U0ADMIN001';
const FIRST = 'U0FIRST001';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const home = (userId: string) => homeText(app, userId);

describe('a workspace with no desk admin', { timeout: 90_000 }, () => {
  test('says how to make one, on App Home and when refused, and the command it names works', async () => {
    // Single-token mode started without ADMIN_USER_IDS: nobody administers the workspace.
    await app.setSettings(() => ({ admins: [] }));
    const command = `npm run admins -- --team ${FAKE_TEAM_ID} --add ${FIRST}`;

    expect(await home(FIRST)).toContain(`This desk has no admin yet`);
    expect(await home(FIRST)).toContain(command);
    for (const text of ['settings', 'settings channels', 'roles']) {
      const refused = ephemeralOf(await app.slack.command('/desk', text, { userId: FIRST }));
      expect(refused).toContain('This desk has no admin yet');
      expect(refused).toContain(command);
    }

    // The operator runs what it says; the person is an admin and can set the triage channel.
    const args = command.split(' -- ')[1]!.split(' ');
    const ran = await runTool(app, toolArgs('admins'), args, {
      ADMIN_USER_IDS: '',
    });
    // The first admin holds no role yet: the tool adds them and asks the operator to check the
    // id (a typo here would leave the desk without an admin still).
    expect(ran.stdout).toBe(
      `${FIRST} is now an admin of ${FAKE_TEAM_ID}\n` +
        `${FIRST} is not known to the desk (no role, owns no customer): added as given; check the id (in Slack: their profile, ⋮, Copy member ID)\n`,
    );
    app.desk.services.workspaces.forget();
    await app.slack.command('/desk', 'settings', { userId: FIRST });
    expect((app.fake.callsTo('views.open').at(-1)!.args.view as any).callback_id).toBe(
      'settings_home',
    );
    expect(await home(FIRST)).not.toContain('This desk has no admin yet');
  });
});
