import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';

// The Messages tab is on (the desk's reminders and alerts arrive there, with their buttons), so
// what people type there is answered: with what the app understands, its commands.
const app = useTestApp();
const dm = { type: 'message', channel_type: 'im', channel: 'D0DM000001', user: 'U0DM000001' };

function answers() {
  return app.fake.callsTo('chat.postMessage').map((c) => c.args);
}

describe('a message typed in the Messages tab', () => {
  test('is answered in that conversation with every command, in the workspace language', async () => {
    const res = await app.slack.event({ ...dm, text: 'hello?', ts: '1700000000.000100' });
    expect(res.status).toBe(200);
    const [answer, ...more] = answers();
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ channel: 'D0DM000001' });
    expect(answer?.thread_ts).toBeUndefined();
    const text = String(answer?.text);
    expect(text).toContain('I do not read messages here');
    expect(text).toContain('*/ticket*: service tickets');
    expect(text).toContain('`/ticket new [title]`  Open a service ticket');
    expect(text).toContain('*/customer*: customer files');
    expect(text).toContain('`/customer help`  Show this help');
    expect(JSON.stringify(answer?.blocks)).toContain('/customer find');

    app.fake.reset();
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.event({ ...dm, text: '你好', ts: '1700000000.000200' });
    const zh = String(answers()[0]?.text);
    expect(zh).toContain('我不读取这里的消息');
    expect(zh).toContain('*/ticket*：服务工单');
    expect(zh).toContain('`/customer help`  显示本帮助');
  });

  test('in a thread, the answer goes to that thread', async () => {
    await app.slack.event({
      ...dm,
      text: 'and this?',
      ts: '1700000000.000300',
      thread_ts: '1700000000.000100',
    });
    expect(answers()).toEqual([
      expect.objectContaining({ channel: 'D0DM000001', thread_ts: '1700000000.000100' }),
    ]);
  });

  test('edits, bot messages and messages outside the Messages tab get no answer', async () => {
    const ignored = [
      { ...dm, subtype: 'message_changed', message: { text: 'edited' } },
      { ...dm, bot_id: 'B0OTHER001', text: 'from a bot' },
      { ...dm, channel_type: 'channel', channel: 'C0CHAN0001', text: 'in a channel' },
    ];
    for (const event of ignored) {
      const res = await app.slack.event({ ts: '1700000000.000400', ...event });
      expect(res.status).toBe(200);
    }
    expect(answers()).toEqual([]);
    expect(app.logs.filter((l) => l.level >= 40)).toEqual([]);
  });
});
