// revzh F2 (wave p36): with two tickets waiting on them, a requester's DM outside a thread was
// refused with "请把回复直接发给向您提问的同事" (en: "send your answer to the person who asked
// you"): a customer told to DM the agent (their "同事", colleague), where the answer never
// reaches the ticket. A reply in the thread of the question's message resumes exactly that
// ticket, and that is what they are now told.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { REQ, requesterDm } from '../helpers/requester-kit.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const { dm, toReqCalls: posts } = requesterDm(app);

test.each([
  [
    'zh-CN' as const,
    '型号是什么？',
    (numbers: string) =>
      `您有多个工单在等待您的回复（${numbers}），因此这条消息没有加入其中任何一个。请在提问那条消息的话题中回复，重新发送这条消息。`,
    '、',
  ],
  [
    'en' as const,
    'Which model?',
    (numbers: string) =>
      `Several of your tickets wait on your answer (${numbers}), so this message was added to none of them. Please send it again as a reply in the thread of the message that asked you.`,
    ', ',
  ],
])(
  'two tickets wait on the requester (%s): the refusal says to reply in the thread of the message that asked, and a reply there resumes that ticket',
  async (locale, question, refusal, separator) => {
    const code = (await makeCustomer(app, { name: '华东机械' })).code;
    await app.setSettings(() => ({ locale, agents: [AGENT], openDesk: false }));
    const waiting = async (title: string, asks: string) => {
      const t = await makeTicket(app, {
        customerCode: code,
        requester: { userId: REQ, via: 'slack' },
        channel: 'slack',
        title,
      });
      await act(app, t.number, { action: 'claim' });
      await act(app, t.number, { action: 'wait', question: asks });
      return t.number;
    };
    const t1 = await waiting('打印机坏了', question);
    const t2 = await waiting('发票有误', '发票号是多少？');
    await app.desk.outbox.drain();
    const asked = posts().find(
      (c) => String(c.args.text).includes(t1) && String(c.args.text).includes(question),
    );
    const askedTs = String(asked?.answer?.ts);

    await dm('HP M404');
    expect(String(posts().at(-1)!.args.text)).toBe(refusal([t1, t2].join(separator)));
    const statuses = await app.db.models.tickets.find().sort({ number: 1 }).lean();
    expect(statuses.map((t) => t.status)).toEqual(['waiting', 'waiting']);

    // Done as told: the same answer in the thread of the question's message resumes that one.
    await dm('HP M404', askedTs);
    expect((await app.db.models.tickets.findOne({ number: t1 }).lean())!.status).toBe('assigned');
    expect((await app.db.models.tickets.findOne({ number: t2 }).lean())!.status).toBe('waiting');
  },
);
