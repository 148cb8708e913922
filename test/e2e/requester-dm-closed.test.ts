// revzh F1 (wave p36): a requester whose ticket is closed, or resolved past its 7-day reopen
// window, writes to the desk's DM outside any thread ("又坏了"). They used to get the help,
// "我不读取这里的消息" and the command list, though the desk had read and answered their DMs
// all along. Now they are told their newest ticket is closed and how to ask again; someone
// with no ticket of theirs still gets the help.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { REQ, requesterDm } from '../helpers/requester-kit.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';

const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const { dm, again, toReq } = requesterDm(app);

/** A closed desk in `locale` (REQ holds no role) and REQ's ticket, claimed and resolved. */
async function resolvedTicket(locale: 'en' | 'zh-CN', title: string) {
  const code = (await makeCustomer(app, { name: '华东机械' })).code;
  await app.setSettings(() => ({ locale, agents: [AGENT], openDesk: false }));
  const t = await makeTicket(app, {
    customerCode: code,
    requester: { userId: REQ, via: 'slack' },
    channel: 'slack',
    title,
  });
  await act(app, t.number, { action: 'claim' });
  await act(app, t.number, { action: 'resolve', summary: '已更换硒鼓' });
  await app.desk.outbox.drain();
  return t.number;
}

test.each([
  ['closed', async (number: string) => void (await act(app, number, { action: 'close' }))],
  ['resolved 9 days ago', async () => app.clock.set('2026-12-03T02:00:00Z')],
])(
  'a requester whose only ticket is %s is told, in zh-CN, that it is closed and how to file a new one, not "I do not read messages here"',
  async (_label, after) => {
    const number = await resolvedTicket('zh-CN', '打印机坏了。');
    await after(number);
    const before = toReq().length;

    await dm('又坏了，还是打不出来');
    expect(toReq().slice(before)).toEqual([
      `您最近的工单 *${number}*“打印机坏了”已关闭，因此这条消息没有加入任何工单。如有新的问题，请用 \`/ticket new\` 新建工单，或联系服务团队。`,
    ]);
    // Added to nothing: the ticket stays as it was.
    const stored = (await app.db.models.tickets.findOne({ number }).lean())!;
    expect(JSON.stringify(stored.timeline)).not.toContain('又坏了');
  },
);

test('the newest of several closed tickets is named, in English; the same message delivered again is answered once', async () => {
  const older = await resolvedTicket('en', 'Printer jams');
  await act(app, older, { action: 'close' });
  const code = (await app.db.models.tickets.findOne({ number: older }).lean())!.customerCode;
  const newer = (
    await makeTicket(app, {
      customerCode: code,
      requester: { userId: REQ, via: 'slack' },
      channel: 'slack',
      title: 'Scanner <!channel> offline',
    })
  ).number;
  await act(app, newer, { action: 'claim' });
  await act(app, newer, { action: 'resolve', summary: 'Restarted' });
  await act(app, newer, { action: 'close' });
  await app.desk.outbox.drain();
  const before = toReq().length;

  await dm('It broke again');
  const answer = [
    `Your latest ticket, *${newer}* “Scanner &lt;!channel&gt; offline”, is closed, so this message was added to no ticket. If you need help with something new, open a ticket with \`/ticket new\`, or ask our service team.`,
  ];
  expect(toReq().slice(before)).toEqual(answer);
  // Slack delivering the same event again: nothing more is sent.
  await again();
  expect(toReq().slice(before)).toEqual(answer);
});

test('someone with no ticket of theirs still gets the help', async () => {
  await app.setSettings(() => ({ locale: 'zh-CN', agents: [AGENT], openDesk: false }));
  await dm('你好');
  const [answer, ...more] = toReq();
  expect(more).toEqual([]);
  expect(answer).toContain('我不读取这里的消息');
  expect(answer).toContain('`/ticket new');
});
