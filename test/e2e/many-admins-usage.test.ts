// A desk with 40 admins: each admin-only usage line a member reads names three of them and counts
// the rest, so the /desk usage (a Home section, the help reply) stays whole under Slack's 3,000
// characters: every line, `/desk help` last, is there.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ephemeralOf, homeText } from '../helpers/clicks.js';

const ADMIN = 'U0ADMIN001';
const MEMBER = 'U0MEMBER01';
const app = useTestApp({ env: { ADMIN_USER_IDS: ADMIN }, now: '2026-11-24T02:00:00Z' });
const admins = Array.from({ length: 40 }, (_, i) => `U0ADM${String(i).padStart(5, '0')}`);
const LINES = [
  '`/desk roles`',
  '`/desk handover`',
  '`/desk report',
  '`/desk privacy',
  '`/desk help`',
];
const ASK =
  '_(admins only: ask <@U0ADM00000>, <@U0ADM00001>, <@U0ADM00002> or one of 37 more admins)_';

describe('a desk with 40 admins', { timeout: 120_000 }, () => {
  test("a member's Home lists every /desk line, each admin-only one naming three admins", async () => {
    await app.setSettings(() => ({ admins }));
    const home = await homeText(app, MEMBER);
    expect(app.fake.violations).toEqual([]);
    expect(LINES.filter((l) => !home.includes(l))).toEqual([]);
    expect(home).toContain(
      `\`/desk roles\`  Who is an admin, manager, agent, expert (with skills) or account manager ${ASK}`,
    );
    expect(home).not.toContain('<@U0ADM00003>');
  });

  test('/desk help lists every /desk line; in zh-CN too', async () => {
    await app.setSettings(() => ({ admins }));
    const help = ephemeralOf(await app.slack.command('/desk', 'help', { userId: MEMBER }));
    expect(LINES.filter((l) => !help.includes(l))).toEqual([]);
    expect(help).toContain(ASK);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const zh = ephemeralOf(await app.slack.command('/desk', 'help', { userId: MEMBER }));
    expect(zh).toContain(
      '_（仅管理员：请联系 <@U0ADM00000>、<@U0ADM00001>、<@U0ADM00002> 或另外 37 位管理员中的一位）_',
    );
  });

  test('three admins are all named, as before', async () => {
    await app.setSettings(() => ({ admins: admins.slice(0, 3) }));
    const help = ephemeralOf(await app.slack.command('/desk', 'help', { userId: MEMBER }));
    expect(help).toContain('_(admins only: ask <@U0ADM00000>, <@U0ADM00001>, or <@U0ADM00002>)_');
  });
});
