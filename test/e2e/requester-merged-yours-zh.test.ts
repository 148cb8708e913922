// zh-CN names a ticket the reader asked for too in one wording (也是您提交的) wherever the
// requester reads that theirs was merged into it: the DM's answer to a message about the merged
// one, and /ticket requests' row (which said 也是您提出的请求) [wording 3, dmwords].
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const REQ = 'U0REQUEST1';
const REQ_DM = 'D0REQUEST1';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

/** A ticket of REQ's (via Slack), claimed, its notices sent. */
async function ticketOf(code: string, title: string) {
  const t = await makeTicket(app, {
    customerCode: code,
    requester: { userId: REQ, via: 'slack' },
    channel: 'slack',
    title,
  });
  await act(app, t.number, { action: 'claim' });
  await app.desk.outbox.drain();
  return t.number;
}

test('merged into one of their own: the DM answer and /ticket requests both say 该工单 / 工单 … 也是您提交的', async () => {
  const code = (await makeCustomer(app, { name: '华东机械' })).code;
  await app.setSettings(() => ({ locale: 'zh-CN', agents: [AGENT], openDesk: false }));
  const own = await ticketOf(code, '压机离线');
  const dup = await ticketOf(code, '压机仍然离线');
  await act(app, dup, { action: 'merge', into: own }, AGENT);
  await app.desk.outbox.drain();

  // REQ writes in the DM thread of the merged ticket's received notice.
  const thread = String(
    app.fake.postsTo(REQ).find((c) => String(c.args.text).includes(`*${dup}*`))?.answer?.ts,
  );
  const before = app.fake.callsTo('chat.postMessage').length;
  await app.slack.event(
    {
      type: 'message',
      channel_type: 'im',
      channel: REQ_DM,
      user: REQ,
      text: '是左边那台压机',
      ts: `${Math.floor(app.clock.now().getTime() / 1000)}.000001`,
      thread_ts: thread,
    },
    { userId: REQ },
  );
  await app.desk.outbox.drain();
  const answer = app.fake
    .callsTo('chat.postMessage')
    .slice(before)
    .filter((c) => [REQ, REQ_DM].includes(String(c.args.channel)))
    .map((c) => String(c.args.text));
  expect(answer).toEqual([
    `工单 *${dup}* 已合并到工单 *${own}*，因此这条消息没有加入任何工单。工单 *${own}* 也是您提交的，仍在处理中：如需加入该工单，请在该工单的任一条通知的话题中重新发送这条消息。`,
  ]);

  const requests = JSON.stringify(
    (await app.slack.command('/ticket', 'requests', { userId: REQ })).body,
  );
  expect(requests).toContain(`已合并到 *${own}*，该工单也是您提交的 · 提交于`);
  expect(requests).not.toContain('您提出的请求');
});
