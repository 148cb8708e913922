// `npm run privacy -- log --user` finds a Slack user's entries by the key the app makes with its
// secret (PRIVACY_KEY, else the signing secret, else the app token; src/privacy/user-key.ts),
// those a version before keyed keys wrote too, before and after the retention job re-keys them;
// with no secret configured, --user is refused (nothing read), the other commands run.
import { beforeEach, describe, expect, test } from 'vitest';
import { privacyRetentionJob } from '../../jobs/privacy-retention.js';
import { legacyUserKey } from '../../src/privacy/user-key.js';
import { useTestApp } from '../helpers/app.js';
import { runJobAt, runTool, toolArgs } from '../helpers/jobs.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ctxOf } from '../helpers/factories.js';
import { userKey } from '../helpers/privacy.js';

const ADMIN = 'U0ADMIN001';
const REQ = 'U0CUSTREQ1';
const OTHER = 'U0CUSTOTH1';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });

const privacy = (args: string[], env: Record<string, string> = {}) =>
  runTool(app, toolArgs('privacy'), args, { ADMIN_USER_IDS: ADMIN, ...env });
const LOG = ['log', '--team', FAKE_TEAM_ID, '--as', ADMIN];
/** The subjects and user keys of the lines listed, in order (newest first). */
const listed = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [, kind, , subject, detail] = l.split('\t');
      return `${kind} ${subject} ${(JSON.parse(detail!) as { userKey?: string }).userKey}`;
    });

// The workspace made, with ADMIN its admin.
beforeEach(() => ctxOf(app, ADMIN));

describe('privacy log --user across keyed user keys', { timeout: 120_000 }, () => {
  test('legacy entries listed before and after the job re-keys them, with a new one; another user’s never', async () => {
    const entry = (user: string, subject: string, day: number) => ({
      teamId: FAKE_TEAM_ID,
      kind: 'erase',
      by: ADMIN,
      subject,
      at: new Date(Date.UTC(2026, 10, day, 2)),
      detail: { slackUser: true, userKey: legacyUserKey(FAKE_TEAM_ID, user) },
    });
    await app.db.models.privacyLog.insertMany([
      entry(REQ, 'C2026001', 20),
      entry(OTHER, 'C2026002', 21),
    ]);
    const before = await privacy([...LOG, '--user', REQ]);
    expect(before.stderr).toBe('');
    expect(before.status).toBe(0);
    expect(listed(before.stdout)).toEqual([`erase C2026001 ${legacyUserKey(FAKE_TEAM_ID, REQ)}`]);

    await runJobAt(app, privacyRetentionJob, '2026-11-25T01:00:00Z', ['a', 'b']);
    // A new entry of theirs (an export, as the app writes it now).
    await app.desk.services.privacyLog.record(
      { teamId: FAKE_TEAM_ID, actor: ADMIN, now: new Date('2026-11-25T02:00:00Z') },
      'export.subject',
      'C2026001',
      { slackUser: true, userKey: userKey(FAKE_TEAM_ID, REQ) },
    );
    const after = await privacy([...LOG, '--user', REQ]);
    expect(after.status).toBe(0);
    expect(listed(after.stdout)).toEqual([
      `export.subject C2026001 ${userKey(FAKE_TEAM_ID, REQ)}`,
      `erase C2026001 ${userKey(FAKE_TEAM_ID, REQ)}`,
    ]);
    expect(after.stdout).not.toContain(legacyUserKey(FAKE_TEAM_ID, REQ));

    // Another PRIVACY_KEY than the app's would find nothing of theirs (the key is the secret's):
    // refused, since the log was keyed under another (the fingerprint the re-key stored).
    const otherKey = await privacy([...LOG, '--user', REQ], { PRIVACY_KEY: 'k'.repeat(32) });
    expect(otherKey.status).toBe(1);
    expect(otherKey.stderr).toContain('keyed with a secret this tool does not have');
    expect(listed(otherKey.stdout)).toEqual([]);
  });

  test('no secret configured: --user refused before anything is read (en, zh-CN), exit 1; log without it runs', async () => {
    const none = { SLACK_SIGNING_SECRET: '' };
    const en = await privacy([...LOG, '--user', REQ], none);
    expect(en.status).toBe(1);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain(
      'Nothing read or written: the privacy log knows a Slack user by a key made with the secret the app has (PRIVACY_KEY, else SLACK_SIGNING_SECRET, else SLACK_APP_TOKEN)',
    );
    const zh = await privacy([...LOG, '--user', REQ, '--locale', 'zh-CN'], none);
    expect(zh.status).toBe(1);
    expect(zh.stderr).toContain('未读取或写入任何内容：隐私日志以密钥标识 Slack 用户');
    const erase = await privacy(
      ['erase', '--team', FAKE_TEAM_ID, '--as', ADMIN, '--user', REQ, '--yes'],
      none,
    );
    expect(erase.status).toBe(1);
    expect(erase.stderr).toContain('Nothing read or written');
    expect((await privacy(LOG, none)).status).toBe(0);
  });
});
