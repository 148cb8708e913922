// revdigestzh F3 and amounts: the monthly report of a desk with no customer files and no tickets
// says there are no customer files yet (not "none of 0"), and its per-100-tickets figure reads
// like the digest's, with no unit after the dash; the customer card names the currency once, in
// the historic total's value. In en and zh-CN, through the real app and fake Slack.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { makeCustomer, OWNER } from '../helpers/factories.js';

const MANAGER = 'U0MANAGER1';
const app = useTestApp({ now: '2026-09-01T02:00:00Z', since: '2026-01-01T00:00:00Z' });

async function emptyReport(locale: 'en' | 'zh-CN'): Promise<string> {
  await app.setSettings(() => ({ locale, managers: [MANAGER] }));
  app.clock.set('2026-10-08T02:00:00Z');
  app.fake.reset();
  await app.slack.command('/desk', 'report month 2026-09', { userId: MANAGER });
  return JSON.stringify(app.fake.callsTo('chat.postMessage').at(-1)!.args.blocks);
}

describe('an empty desk’s monthly report', () => {
  test('zh-CN: 还没有客户档案, and 每百张工单投诉数 – as in the digest, no 件 after the dash', async () => {
    const report = await emptyReport('zh-CN');
    expect(report).toContain('缺少关键信息的客户档案：还没有客户档案');
    expect(report).not.toContain('份中没有');
    expect(report).toContain('投诉 0 件，服务客户 0 家；每百张工单投诉数 –');
    expect(report).not.toContain('– 件');
  });

  test('en: there are no customer files yet, and complaints per 100 tickets: –', async () => {
    const report = await emptyReport('en');
    expect(report).toContain('Customer files missing a key field: there are no customer files yet');
    expect(report).not.toContain('none of 0');
    expect(report).toContain('0 complaints, 0 customers served; complaints per 100 tickets: –');
  });
});

describe('the customer card', () => {
  test.each([
    ['en', '*Historic total*\\n0 CNY', 'Historic total (CNY)'],
    ['zh-CN', '*历史合作金额*\\n0元', '历史合作金额（CNY）'],
  ] as const)(
    '%s: the historic total names the currency once, in the value',
    async (locale, shown, twice) => {
      await app.setSettings(() => ({ locale }));
      const c = await makeCustomer(app, { name: 'Once Co' });
      const card = JSON.stringify(
        (await app.slack.command('/customer', c.code, { userId: OWNER })).body.blocks,
      );
      expect(card).toContain(shown);
      expect(card).not.toContain(twice);
    },
  );
});
