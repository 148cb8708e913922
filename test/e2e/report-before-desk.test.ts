// revdigestzh F4 (lead's decision): `/desk report` for a period that ended before the desk began
// serving the workspace is refused, naming the first period it can report (en and zh-CN), rather
// than sending a report of zeros that read as measured; a period partly before is reported with
// its "new desk" line. Through the real app and fake Slack.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const MANAGER = 'U0MANAGER1';
// Serving since Tuesday 10 March 2026 (week 2026-W11, month 2026-03, quarter 2026-Q1).
const app = useTestApp({ now: '2026-10-08T02:00:00Z', since: '2026-03-10T04:00:00Z' });

async function ask(text: string, locale: 'en' | 'zh-CN' = 'en') {
  await app.setSettings(() => ({ locale, managers: [MANAGER] }));
  app.fake.reset();
  const res = await app.slack.command('/desk', text, { userId: MANAGER });
  return String((res.body as { text?: string }).text);
}

describe('/desk report of a period before the desk served the workspace', () => {
  test('en: a quarter that ended before is refused with the first quarter it can report', async () => {
    expect(await ask('report quarter 2025-Q4')).toBe(
      'There is no 2025-Q4 report: the desk began serving this workspace on 2026-03-10, after that quarter ended. The first one it can report is 2026-Q1: `/desk report quarter 2026-Q1`.',
    );
    // Nothing sent: no report of zeros in the asker's DM, which is not even opened (digest6).
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(app.fake.callsTo('conversations.open')).toEqual([]);
  });

  test('zh-CN: a month that ended before is refused, in Chinese', async () => {
    expect(await ask('report month 2026-02', 'zh-CN')).toBe(
      '没有 2026 年 2 月的报告：服务台自 2026-03-10 起才服务本工作区，那时该月已经结束。最早可查看的是 2026 年 3 月：`/desk report month 2026-03`。',
    );
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
    expect(app.fake.callsTo('conversations.open')).toEqual([]);
  });

  test('the first period not ended yet: said to come once it has ended (en and zh-CN)', async () => {
    app.clock.set('2026-03-12T02:00:00Z');
    // No period: the last full week, 2026-W10, ended before the desk served the workspace.
    expect(await ask('report week')).toBe(
      'There is no 2026-W10 report: the desk began serving this workspace on 2026-03-10, after that week ended. The first one it can report is 2026-W11, once it has ended.',
    );
    expect(await ask('report month', 'zh-CN')).toBe(
      '没有 2026 年 2 月的报告：服务台自 2026-03-10 起才服务本工作区，那时该月已经结束。最早可查看的是 2026 年 3 月，要等它结束后才能查看。',
    );
    expect(app.fake.callsTo('chat.postMessage')).toEqual([]);
  });

  test('a period partly before is reported, with its "new desk" line', async () => {
    expect(await ask('report month 2026-03')).toBe(
      'The 2026-03 report is in your direct messages from the desk.',
    );
    const report = JSON.stringify(app.fake.callsTo('chat.postMessage').at(-1)!.args.blocks);
    expect(report).toContain(
      'New desk: it began serving this workspace on 2026-03-10, after 2026-02 began',
    );
  });
});
