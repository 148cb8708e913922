// dmwords (wave p37): a requester writing to the desk's DM about a ticket of theirs that was
// merged into another one was told "Ticket X is closed" (in X's DM thread), or got the help (X
// their latest ticket), though the work goes on in the other one: now they are told where, and
// what to do there. A closed ticket's answer names `/ticket new` as the latest one's does; the
// zh-CN list of their open tickets is asserted in Chinese.
import { expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { REQ, requesterDm } from '../helpers/requester-kit.js';
import { act, AGENT, ctxOf, makeCustomer, makeTicket } from '../helpers/factories.js';

const OTHER = 'U0REQUEST2';
const app = useTestApp({ env: { TRIAGE_CHANNEL_ID: 'C0TRIAGE01' }, now: '2026-11-24T02:00:00Z' });

const { dm, toReq } = requesterDm(app);
/** The ts of the received notice of `number` in REQ's DM (its thread is about that ticket). */
const receivedTs = (number: string) =>
  String(
    app.fake.postsTo(REQ).find((c) => String(c.args.text).includes(`*${number}*`))?.answer?.ts,
  );

/** A closed desk in `locale` (REQ holds no role) and its customer's code. */
async function desk(locale: 'en' | 'zh-CN') {
  const code = (await makeCustomer(app, { name: 'Eastern Machinery' })).code;
  await app.setSettings(() => ({ locale, agents: [AGENT], openDesk: false }));
  return code;
}
/** A ticket of `requester`'s (via Slack), claimed, its notices sent. */
async function ticketOf(code: string, title: string, requester = REQ) {
  const t = await makeTicket(app, {
    customerCode: code,
    requester: { userId: requester, via: 'slack' },
    channel: 'slack',
    title,
  });
  await act(app, t.number, { action: 'claim' });
  await app.desk.outbox.drain();
  return t.number;
}
async function merge(number: string, into: string) {
  await act(app, number, { action: 'merge', into }, AGENT);
  await app.desk.outbox.drain();
}
/** Nothing of `text` was added to any ticket. */
async function addedNowhere(text: string) {
  for (const t of await app.db.models.tickets.find().lean())
    expect(JSON.stringify(t.timeline)).not.toContain(text);
}

test("in the DM thread of a ticket merged into another requester's open one, they are told where the work goes on, not only that it is closed (en, zh-CN)", async () => {
  const code = await desk('en');
  const target = await ticketOf(code, 'Whole floor offline', OTHER);
  const dup = await ticketOf(code, 'Network down');
  await merge(dup, target);
  const thread = receivedTs(dup);
  const before = toReq().length;

  await dm('Still no network', thread);
  expect(toReq().slice(before)).toEqual([
    `Ticket *${dup}* was merged into *${target}*, so this message was added to no ticket. The work on it goes on in *${target}*, still open.`,
  ]);
  await addedNowhere('Still no network');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await dm('还是没有网络', thread);
  expect(toReq().slice(before + 1)).toEqual([
    `工单 *${dup}* 已合并到工单 *${target}*，因此这条消息没有加入任何工单。工单 *${target}* 仍在处理中，我们会在那里继续处理。`,
  ]);
});

test('merged with Merge into… (which makes them follow the other), they are told they hear of its steps there', async () => {
  const code = await desk('en');
  const target = await ticketOf(code, 'Whole floor offline', OTHER);
  const dup = await ticketOf(code, 'Network down');
  await app.desk.flows.tickets.merge(await ctxOf(app, AGENT), dup, { into: target });
  await app.desk.outbox.drain();
  expect((await app.db.models.tickets.findOne({ number: target }).lean())!.followers).toContain(
    REQ,
  );
  const before = toReq().length;

  await dm('Still no network', receivedTs(dup));
  expect(toReq().slice(before)).toEqual([
    `Ticket *${dup}* was merged into *${target}*, so this message was added to no ticket. The work on it goes on in *${target}*, still open, and you hear of each of its steps.`,
  ]);
  await addedNowhere('Still no network');
});

test('merged into one of their own still open, they are told to reply in its thread, which adds it there; once that one is closed too, to open a new ticket', async () => {
  const code = await desk('en');
  const own = await ticketOf(code, 'Press offline');
  const dup = await ticketOf(code, 'Press still offline');
  await merge(dup, own);
  const before = toReq().length;

  await dm('It is the left press', receivedTs(dup));
  expect(toReq().slice(before)).toEqual([
    `Ticket *${dup}* was merged into *${own}*, so this message was added to no ticket. *${own}* is yours too and still open: to add this message to it, send it again as a reply in the thread of one of my messages about *${own}*.`,
  ]);
  await addedNowhere('It is the left press');
  // As told: in the thread of the other's message, it is added there.
  await dm('It is the left press', receivedTs(own));
  expect(toReq().at(-1)).toBe(`Thank you: your message is added to ticket *${own}*.`);
  const stored = (await app.db.models.tickets.findOne({ number: own }).lean())!;
  expect(stored.timeline.at(-1)).toMatchObject({ action: 'note', text: 'It is the left press' });

  await act(app, own, { action: 'resolve', summary: 'Reset the press' });
  await act(app, own, { action: 'close' });
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await app.desk.outbox.drain();
  const later = toReq().length;
  await dm('又停了', receivedTs(dup));
  expect(toReq().slice(later)).toEqual([
    `工单 *${dup}* 已合并到工单 *${own}*，因此这条消息没有加入任何工单。工单 *${own}* 现已关闭。如有新的问题，请用 \`/ticket new\` 新建工单，或联系服务团队。`,
  ]);
});

test("their latest ticket merged into another requester's open one, outside any thread: told it was merged and where, not the help (en, zh-CN)", async () => {
  const code = await desk('en');
  const target = await ticketOf(code, 'Whole floor offline', OTHER);
  const dup = await ticketOf(code, 'Network <!channel> down');
  await merge(dup, target);
  const before = toReq().length;

  await dm('Still no network');
  expect(toReq().slice(before)).toEqual([
    `Your latest ticket, *${dup}* “Network &lt;!channel&gt; down”, was merged into *${target}*, so this message was added to no ticket. The work on it goes on in *${target}*, still open.`,
  ]);
  await addedNowhere('Still no network');

  await app.setSettings(() => ({ locale: 'zh-CN' }));
  await dm('还是没有网络');
  expect(toReq().slice(before + 1)).toEqual([
    `您最近的工单 *${dup}*“Network &lt;!channel&gt; down”已合并到工单 *${target}*，因此这条消息没有加入任何工单。工单 *${target}* 仍在处理中，我们会在那里继续处理。`,
  ]);
});

test('in the DM thread of a closed ticket (not merged) they are told to open a new one with /ticket new (en)', async () => {
  const code = await desk('en');
  const number = await ticketOf(code, 'Fuser');
  await act(app, number, { action: 'resolve', summary: 'Replaced the fuser' });
  await act(app, number, { action: 'close' });
  await app.desk.outbox.drain();
  const before = toReq().length;

  await dm('It is broken again', receivedTs(number));
  expect(toReq().slice(before)).toEqual([
    `Ticket *${number}* is closed, so this message was not added to it. If you need help with something new, open a ticket with \`/ticket new\`, or ask our service team.`,
  ]);
});

test('with several open, the zh-CN answer lists them and says how to add it to one, in Chinese', async () => {
  const code = await desk('zh-CN');
  const first = await ticketOf(code, '打印机卡纸');
  const second = await ticketOf(code, '扫描仪离线');
  const before = toReq().length;

  await dm('有进展吗？');
  expect(toReq().slice(before)).toEqual([
    [
      '您有 2 张处理中的工单，因此这条消息没有加入其中任何一个：',
      `• *${first}* 打印机卡纸`,
      `• *${second}* 扫描仪离线`,
      '如需加入其中一个工单，请在该工单的任一条通知的话题中重新发送这条消息。',
    ].join('\n'),
  ]);
  await addedNowhere('有进展吗');
});

test('the DM answer and /ticket requests call the same things by one noun, "open tickets", in English', async () => {
  const code = await desk('en');
  await ticketOf(code, 'Printer jams');
  await ticketOf(code, 'Scanner offline');
  const before = toReq().length;

  await dm('any news?');
  expect(toReq().slice(before)[0]).toMatch(/^You have 2 open tickets, so this message/);
  const res = await app.slack.command('/ticket', 'requests', { userId: REQ });
  const listed = JSON.stringify(res.body);
  expect(listed).toContain('The open tickets you asked for (2)');
  expect(listed).not.toMatch(/open requests/i);
});
