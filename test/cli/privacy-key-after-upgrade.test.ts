// revp68 F1 (the CLI side): the first privacy-retention run of a desk upgraded with PRIVACY_KEY
// unset re-keys the log under the signing secret; an operator who then sets PRIVACY_KEY got an
// empty `log --user`, exit 0 and no word. Now the tool refuses --user (en, zh-CN, exit 1) until
// the secret used before is configured too (PRIVACY_KEY_PREVIOUS), and then finds the entry.
import { beforeEach, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { legacyUserKey } from '../../src/privacy/user-key.js';
import { TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { runJobAt, runTool, toolArgs } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ctxOf } from '../helpers/factories.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const privacy = (args: string[], env: Record<string, string> = {}) =>
  runTool(app, toolArgs('privacy'), args, { ADMIN_USER_IDS: ADMIN, ...env });
const LOG = ['log', '--team', FAKE_TEAM_ID, '--as', ADMIN];
const NEW_KEY = { PRIVACY_KEY: 'p'.repeat(40) };

beforeEach(() => ctxOf(app, ADMIN));

test(
  'PRIVACY_KEY set after the first retention run: --user refused until PRIVACY_KEY_PREVIOUS is set, then found',
  { timeout: 120_000 },
  async () => {
    await app.db.models.privacyLog.insertMany([
      {
        teamId: FAKE_TEAM_ID,
        kind: 'erase',
        by: ADMIN,
        subject: 'C2026001',
        at: new Date(Date.UTC(2026, 10, 20, 2)),
        detail: { slackUser: true, userKey: legacyUserKey(FAKE_TEAM_ID, REQ) },
      },
    ]);
    // Before the job: found under the new PRIVACY_KEY too (the legacy form needs no secret).
    const before = await privacy([...LOG, '--user', REQ], NEW_KEY);
    expect(before.status).toBe(0);
    expect(before.stdout).toContain('C2026001');
    // The app (PRIVACY_KEY unset, as every deployment upgrading is) runs its daily job.
    await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z', ['a']);
    // The operator now sets PRIVACY_KEY alone: refused, in words, before anything is read.
    const after = await privacy([...LOG, '--user', REQ], NEW_KEY);
    expect(after.status).toBe(1);
    expect(after.stdout).not.toContain('C2026001');
    expect(after.stderr).toContain(
      'Nothing read or written: this workspace’s privacy log has Slack users keyed with a secret this tool does not have',
    );
    const zh = await privacy([...LOG, '--user', REQ, '--locale', 'zh-CN'], NEW_KEY);
    expect(zh.status).toBe(1);
    expect(zh.stderr).toContain('未读取或写入任何内容：此工作区的隐私日志中');
    // An erase by user is refused too (it would log them unfound); `log` alone still runs.
    const erase = await privacy(
      ['erase', '--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', REQ, '--yes'],
      NEW_KEY,
    );
    expect(erase.status).toBe(1);
    expect(await app.db.models.privacyLog.countDocuments()).toBe(1);
    expect((await privacy(LOG, NEW_KEY)).status).toBe(0);
    // With the signing secret as PRIVACY_KEY_PREVIOUS: found.
    const both = await privacy([...LOG, '--user', REQ], {
      ...NEW_KEY,
      PRIVACY_KEY_PREVIOUS: TEST_SIGNING_SECRET,
    });
    expect(both.stderr).toBe('');
    expect(both.status).toBe(0);
    expect(both.stdout).toContain('C2026001');
    // The app's own key (PRIVACY_KEY unset): found, as before.
    const same = await privacy([...LOG, '--user', REQ]);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain('C2026001');
  },
);
