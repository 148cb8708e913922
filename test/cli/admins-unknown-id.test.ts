// `admins --add` with a user id the desk does not know (no role, owns no customer): perhaps a
// typo of an id, which the tool cannot ask Slack about. Added as given (exit 0) and said, in the
// operator's language, as the import says of such an Owner; someone the roles name is added
// without a word [csvfix F10].
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runTool, toolArgs } from '../helpers/jobs.js';

const GONE = 'U0ADMIN001';
const TYPO = 'U0TYP0ADM1';
const AGENT = 'U0AGENT0NA';
const app = useTestApp({ env: { ADMIN_USER_IDS: GONE }, now: '2026-11-24T02:00:00Z' });

const admins = (...args: string[]) =>
  runTool(app, toolArgs('admins'), args, { ADMIN_USER_IDS: GONE });

describe('admins CLI: an id the desk does not know', { timeout: 90_000 }, () => {
  test('is added and said to check; an agent of the roles is added without it', async () => {
    await app.setSettings(() => ({ admins: [GONE], agents: [AGENT] }));
    const typo = await admins('--team', FAKE_TEAM_ID, '--add', TYPO, '--locale', 'zh-CN');
    expect(typo.status).toBe(0);
    expect(typo.stdout.split('\n')[1]).toBe(
      `${TYPO} 不是服务台已知的用户（没有角色，也不负责任何客户）：已按所填添加；请核对该 ID（在 Slack 中：其个人资料，⋮，复制成员 ID）`,
    );
    expect(await admins('--team', FAKE_TEAM_ID, '--add', AGENT)).toEqual({
      status: 0,
      stdout: `${AGENT} is now an admin of ${FAKE_TEAM_ID}\n`,
      stderr: '',
    });
  });
});
