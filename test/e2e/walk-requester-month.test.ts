// A month as the customer's people (the requesters): two people of 华东机械 in a Slack Connect
// channel linked to its file (李伟, the primary contact, and 王芳), and 赵磊, who writes to the
// desk's DM. They raise problems (a message, the emoji, the DM), are told each step, are asked
// for information and answer it, see it resolved, get the survey, complain once, and ask for
// their data. At every step the walk reads what THEY see: every message the fake Slack took in
// their channels and DMs, and what they were told privately; never the triage card or the
// desk's internal thread.
import { expect, test } from 'vitest';
import { requesterJob } from '../../jobs/requester.js';
import { tasksJob } from '../../jobs/tasks.js';
import { act, AGENT, makeCustomer, makeTicket } from '../helpers/factories.js';
import { contactRecorded } from '../helpers/complaints.js';
import { runJobAt } from '../helpers/jobs.js';
import { linkSharedChannel } from '../helpers/slack-connect.js';
import { ADMIN, MANAGER, textsIn, THEIR_TEAM, TRIAGE, useWalkDesk } from '../helpers/walk.js';
import { submitLastModal } from '../helpers/clicks.js';

/** Their Slack Connect channel (every message opens a ticket) and one with the emoji intake. */
const SHARED = 'C0SHARED01';
const EMOJI = 'C0SHARED02';
const LI = 'U0LIWEI001';
const WANG = 'U0WANGF001';
/** A person of the customer's in our own workspace, who hears from the desk by DM. */
const ZHAO = 'U0ZHAOL001';
const ZHAO_DM = 'D0ZHAOL001';

// Monday 2026-11-02 10:00 in Shanghai; business hours Mon-Fri 09:00-18:00; the desk speaks Chinese.
const {
  app,
  ticket: stored,
  say,
  tsNow,
} = useWalkDesk({
  now: '2026-11-02T02:00:00Z',
  admin: ADMIN,
  channels: { triage: true },
});

/** Everything the persona was sent, in order: where, and the words and buttons they read. */
interface Seen {
  to: string;
  text: string;
  all: string;
}
const theirPlaces = [SHARED, EMOJI, LI, WANG, ZHAO, ZHAO_DM];
let read = 0;
let told = 0;
/** What they were sent since the last look (messages Slack took, and private answers). */
function look(): { posts: Seen[]; privately: string[] } {
  const calls = app.fake
    .tookCalls('chat.postMessage')
    .filter((c) => theirPlaces.includes(String(c.args.channel)));
  const posts = calls.slice(read).map((c) => ({
    to: String(c.args.channel),
    text: String(c.args.text),
    all: [String(c.args.text), ...textsIn(c.args.blocks)].join('\n'),
  }));
  read = calls.length;
  const answers = app.fake.callsTo('response_url').map((c) => String(c.args.text));
  const privately = answers.slice(told);
  told = answers.length;
  return { posts, privately };
}
const everything: string[] = [];
function seen(): { posts: Seen[]; privately: string[] } {
  const s = look();
  everything.push(...s.posts.map((p) => p.all), ...s.privately);
  return s;
}
/** A fresh fake Slack record (a job run resets it): the persona's reading starts again. */
function freshLook() {
  read = 0;
  told = 0;
}

/** Their click on a message in a shared channel (Slack routes it to our install). */
function theirClick(user: string, channel: string, action: { action_id: string; value: string }) {
  return app.slack.externalBlockAction(
    { block_id: 'b', ...action },
    { userId: user, teamId: THEIR_TEAM, channelId: channel },
  );
}
/** The buttons (action id starting with `prefix`) the persona was sent on ticket `number`. */
async function buttonsOf(
  to: string,
  prefix: string,
  number: string,
): Promise<{ action_id: string; value: string }[]> {
  const { _id } = (await app.db.models.tickets.findOne({ number }).lean())!;
  const entries = (await app.db.models.outbox
    .find({ to, key: new RegExp(`:${String(_id)}:`) })
    .lean()) as any[];
  const blocks = entries
    .map((e) => (e.data?.message?.blocks ?? []) as any[])
    .filter((b) => JSON.stringify(b).includes(prefix))
    .at(-1)!;
  return blocks
    .flatMap((b) => b.elements ?? [])
    .filter((e: any) => e.action_id?.startsWith(prefix));
}

/** 赵磊 writes `text` in his DM with the desk, at the app's now. */
async function zhaoWritesInDm(text: string) {
  await app.slack.event(
    { type: 'message', channel_type: 'im', channel: ZHAO_DM, user: ZHAO, text, ts: tsNow() },
    { userId: ZHAO },
  );
}

const run = async (job: Parameters<typeof runJobAt>[1], iso: string) => {
  await runJobAt(app, job, iso);
  freshLook();
};

test('a month as the customer: every step told once, in their language, nothing internal, every answer acted on', async () => {
  const code = (
    await makeCustomer(app, {
      name: '华东机械',
      annualRevenue: 600_000,
      contacts: [
        {
          key: 'c1',
          name: '李伟',
          role: 'main',
          phone: '+8613800138000',
          email: 'li.wei@huadong.cn',
          optOuts: [],
        },
        {
          key: 'c2',
          name: '王芳',
          phone: '+8613900139000',
          email: 'wang.fang@huadong.cn',
          optOuts: [],
        },
      ],
    })
  ).code;
  // Another customer of the desk, with a ticket of its own: never named to them.
  const other = await makeCustomer(app, { name: '华南电子', annualRevenue: 2_000_000 });
  await makeTicket(app, { customerCode: other.code, title: '华南电子的产线故障' });
  await app.setSettings(() => ({
    locale: 'zh-CN',
    agents: [AGENT],
    managers: [MANAGER],
    openDesk: false,
  }));
  await linkSharedChannel(app, SHARED, code, ADMIN);
  app.fake.channels.set(EMOJI, { is_member: true, is_ext_shared: true });
  await app.slack.command('/desk', `channel link ${code} emoji :ticket:`, {
    userId: ADMIN,
    channelId: EMOJI,
  });
  app.fake.reset();
  freshLook();

  // Week 1, Monday: 李伟 writes in the shared channel. They are told once, in the thread, what
  // happens next and by when, in Chinese.
  const root = await say(SHARED, LI, '3号线停机了，面板报错 E42');
  const t1 = (await app.db.models.tickets.findOne({ 'conversation.channel': SHARED }).lean())!;
  let now = seen();
  expect(now.posts).toHaveLength(1);
  expect(now.posts[0]).toMatchObject({ to: SHARED });
  expect(now.posts[0]!.text).toContain(`我们已收到您的请求：工单 *${t1.number}*`);
  expect(now.posts[0]!.text).toContain('8 小时工作时间内答复您');

  // Taken; the agent's internal note stays internal; a question: the ticket waits on them.
  await act(app, t1.number, { action: 'claim' });
  await act(app, t1.number, { action: 'note', text: '内部：客户还欠三张发票，固件 1.2 太旧' });
  await act(app, t1.number, { action: 'wait', question: '请发一下控制器的序列号' });
  await app.desk.outbox.drain();
  now = seen();
  expect(now.posts.map((p) => p.text)).toEqual([
    `<@${AGENT}> 正在处理您的工单 *${t1.number}*。`,
    `工单 *${t1.number}* 正在等待您的回复。<@${AGENT}> 想了解：请发一下控制器的序列号\n请在此话题中回复，我们会继续处理。`,
  ]);
  expect((await stored(t1.number)).status).toBe('waiting');

  // Tuesday: 李伟 answers in the thread. The pause ends at their answer; nothing is said twice.
  app.clock.set('2026-11-03T02:00:00Z');
  await say(SHARED, LI, 'SN 4471-220', root);
  const resumed = await stored(t1.number);
  expect(resumed.status).not.toBe('waiting');
  expect(resumed.pauses.at(-1)!.to).toEqual(new Date('2026-11-03T02:00:00Z'));
  expect(seen().posts).toEqual([]);

  // Resolved: the summary and how to reopen, then the survey; each once.
  await act(app, t1.number, { action: 'resolve', summary: '远程升级固件，3号线恢复运行' });
  await app.desk.outbox.drain();
  now = seen();
  expect(now.posts.map((p) => p.text)).toEqual([
    `工单 *${t1.number}* 已解决：远程升级固件，3号线恢复运行\n如果问题仍未解决，请于 7 天内在此话题中回复，我们会重新打开工单。`,
    `工单 *${t1.number}* 已解决。您对我们的处理是否满意？`,
  ]);
  const survey = await buttonsOf(SHARED, 'requester_survey_', t1.number);
  expect(survey).toHaveLength(5);

  // Wednesday: unanswered a day later, one reminder; the next run sends nothing more.
  await run(requesterJob, '2026-11-04T03:00:00Z');
  expect(seen().posts.map((p) => p.text)).toEqual([
    `提醒：您对工单 *${t1.number}* 的处理是否满意？点一下即可。`,
  ]);
  await run(requesterJob, '2026-11-04T04:00:00Z');
  expect(seen().posts).toEqual([]);

  // 王芳 (who did not report it) clicks the survey: told it is the reporter's, without its number
  // (she does not read the desk: nothing says which tickets exist). 李伟 answers low, with
  // NPS and a comment: thanked privately; the managers' notice never reaches the channel.
  await theirClick(WANG, SHARED, survey[4]!);
  expect(seen().privately).toEqual(['此评价只能由工单的报告人填写。']);
  await theirClick(LI, SHARED, survey[1]!);
  const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  const sent = await app.slack.externalViewSubmission(
    modal,
    { nps: '3', comment: '停了三天，损失很大' },
    { userId: LI, teamId: THEIR_TEAM },
  );
  expect(sent.body).toBe('');
  await app.desk.outbox.drain();
  now = seen();
  expect(now.privately).toEqual([
    `谢谢！已记录您对工单 ${t1.number} 的评价：“不满意”。`,
    `谢谢！工单 ${t1.number} 的反馈已记录。`,
  ]);
  expect(now.posts).toEqual([]);
  expect((await stored(t1.number)).survey).toMatchObject({ satisfaction: 2, nps: 3, by: LI });

  // The 3-7-30 revisits are the agent's and the account manager's calls: nothing reaches them.
  for (const day of ['2026-11-06T01:00:00Z', '2026-11-10T01:00:00Z', '2026-12-03T01:00:00Z']) {
    await run(tasksJob, day);
    expect(seen().posts).toEqual([]);
  }

  // Week 2, Monday: 王芳 marks her own message with :ticket: in the emoji channel.
  app.clock.set('2026-11-09T02:00:00Z');
  app.fake.reset();
  freshLook();
  const marked = tsNow();
  app.fake.peopleMessages.set(EMOJI, [
    { ts: marked, user: WANG, user_team: THEIR_TEAM, text: '上个月的发票金额不对，多收了一台的钱' },
  ]);
  await app.slack.eventDelivery(
    {
      type: 'reaction_added',
      user: WANG,
      reaction: 'ticket',
      item: { type: 'message', channel: EMOJI, ts: marked },
      item_user: WANG,
    },
    { eventId: 'Ev0WALKEMOJI', teamId: THEIR_TEAM, shared: true },
  );
  await app.desk.outbox.drain();
  const t2 = (await app.db.models.tickets.findOne({ 'conversation.channel': EMOJI }).lean())!;
  expect(t2.requester).toMatchObject({ userId: WANG });
  now = seen();
  expect(now.posts.map((p) => [p.to, p.text])).toEqual([
    [EMOJI, expect.stringContaining(`我们已收到您的请求：工单 *${t2.number}*“上个月的发票金额`)],
  ]);

  // Tuesday: 赵磊 writes to the desk's DM (the app reads no messages: its commands), then the
  // agent files it for him; he hears by DM, is asked a question and answers it there, where the
  // notice says to: the ticket resumes and he is thanked.
  app.clock.set('2026-11-10T02:00:00Z');
  await zhaoWritesInDm('你好，我们的打印机连不上了');
  // (The command list is the desk's staff's, examples included: read apart, not scanned below.)
  const help = look();
  expect(help.posts.map((p) => [p.to, p.text.split('\n')[0]])).toEqual([
    [ZHAO_DM, '我不读取这里的消息：提醒和告警会发到这个对话里，请在任意频道或这里使用以下命令。'],
  ]);
  const t3 = (
    await makeTicket(app, {
      customerCode: code,
      requester: { userId: ZHAO, via: 'slack' },
      channel: 'slack',
      title: '打印机连不上',
    })
  ).number;
  await act(app, t3, { action: 'claim' });
  await act(app, t3, { action: 'wait', question: '打印机型号是什么？' });
  await app.desk.outbox.drain();
  now = seen();
  expect(now.posts.map((p) => [p.to, p.text])).toEqual([
    [ZHAO, expect.stringContaining(`我们已收到您的请求：工单 *${t3}*“打印机连不上”`)],
    [ZHAO, `<@${AGENT}> 正在处理您的工单 *${t3}*。`],
    [
      ZHAO,
      `工单 *${t3}* 正在等待您的回复。<@${AGENT}> 想了解：打印机型号是什么？\n请直接在此对话中回复，我们会继续处理。`,
    ],
  ]);
  app.clock.set('2026-11-10T06:00:00Z');
  await zhaoWritesInDm('型号 HP M404');
  await app.desk.outbox.drain();
  expect((await stored(t3)).status).toBe('assigned');
  expect(seen().posts.map((p) => p.text)).toEqual([
    `谢谢！您的回复已加入工单 *${t3}*，我们会继续处理。`,
  ]);
  await act(app, t3, { action: 'resolve', summary: '重装驱动后恢复' });
  await app.desk.outbox.drain();
  const zhaoSurvey = await buttonsOf(ZHAO, 'requester_survey_', t3);
  await app.slack.blockAction(
    { ...zhaoSurvey[3]!, block_id: 'survey' },
    { userId: ZHAO, channelId: ZHAO_DM },
  );
  now = seen();
  expect(now.posts.map((p) => p.text.split('\n')[0])).toEqual([
    `工单 *${t3}* 已解决：重装驱动后恢复`,
    `工单 *${t3}* 已解决。您对我们的处理是否满意？`,
  ]);
  expect(now.privately).toEqual([`谢谢！已记录您对工单 ${t3} 的评价：“满意”。`]);

  // 王芳's invoice takes long: a progress note after 72 business hours, then a delay notice,
  // each drafted for the agent and sent once, with a date they can read.
  await act(app, t2.number, { action: 'claim' });
  await app.desk.outbox.drain();
  expect(seen().posts.map((p) => p.text)).toEqual([
    `<@${AGENT}> 正在处理您的工单 *${t2.number}*。`,
  ]);
  await run(requesterJob, '2026-11-19T03:00:00Z');
  const draft = await buttonsOf(AGENT, 'requester_draft_open', t2.number);
  expect(seen().posts).toEqual([]);
  await app.slack.blockAction(
    { ...draft[0]!, block_id: 'draft' },
    { userId: AGENT, channelId: 'D0AGENT001' },
  );
  let view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await submitLastModal(app, { text: '目前已核对发票，财务下周一重开发票。' }, AGENT);
  await app.slack.blockAction(
    { action_id: 'requester_draft_open', value: `delay:${t2.number}`, block_id: 'draft' },
    { userId: AGENT, channelId: 'D0AGENT001' },
  );
  view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(
    view,
    { text: '财务系统升级，需要多等几天。我们先开具红字发票。', date: '2026-11-25' },
    { userId: AGENT },
  );
  await app.desk.outbox.drain();
  expect(seen().posts.map((p) => [p.to, p.text])).toEqual([
    [EMOJI, `<@${AGENT}> 关于工单 *${t2.number}* 的进展：目前已核对发票，财务下周一重开发票。`],
    [
      EMOJI,
      `<@${AGENT}> 关于工单 *${t2.number}* 的说明：处理时间将比计划更长。财务系统升级，需要多等几天。我们先开具红字发票。\n新的预计日期：2026年11月25日星期三。`,
    ],
  ]);

  // Friday: resolved. 李伟 (not its reporter) presses "Not solved, reopen": told how he can
  // (a reply in the thread); 王芳 presses it: reopened, told privately.
  app.clock.set('2026-11-20T02:00:00Z');
  await act(app, t2.number, { action: 'resolve', summary: '已重开发票' });
  await app.desk.outbox.drain();
  expect(seen().posts.map((p) => p.text.split('\n')[0])).toEqual([
    `工单 *${t2.number}* 已解决：已重开发票`,
    `工单 *${t2.number}* 已解决。您对我们的处理是否满意？`,
  ]);
  const reopen = (await buttonsOf(EMOJI, 'requester_reopen', t2.number))[0]!;
  await theirClick(LI, EMOJI, reopen);
  await theirClick(WANG, EMOJI, reopen);
  await app.desk.outbox.drain();
  now = seen();
  expect(now.privately).toEqual([
    `只有工单 ${t2.number} 的报告人可以用此按钮重新打开工单。如果您这边的问题也没有解决，请在此话题中回复，我们会重新打开工单。`,
    `工单 *${t2.number}* 已重新打开，我们正在继续处理。`,
  ]);
  expect(now.posts).toEqual([]);
  expect((await stored(t2.number)).status).toBe('assigned');

  // Week 3: 李伟 complains (the agent files his message as a complaint); resolved with a root
  // cause and a corrective action that stay internal.
  app.clock.set('2026-11-23T02:00:00Z');
  const complaint = tsNow();
  await app.slack.messageShortcut(
    'ticket_from_message',
    {
      text: '你们的工程师上门迟到了两个小时，我要投诉',
      ts: complaint,
      user: LI,
      user_team: THEIR_TEAM,
      team: THEIR_TEAM,
    },
    { userId: AGENT, channelId: EMOJI },
  );
  view = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, unknown>;
  await app.slack.submitView(
    view,
    { severity: 'general', type: 'complaint', channel: 'slack' },
    { userId: AGENT },
  );
  await app.desk.outbox.drain();
  // (The agent's own confirmation is theirs, not the persona's.)
  told = app.fake.callsTo('response_url').length;
  const t4 = (await app.db.models.tickets.findOne({ type: 'complaint' }).lean())!;
  expect(t4.requester).toMatchObject({ userId: LI });
  await act(app, t4.number, { action: 'claim' });
  await contactRecorded(app, t4.number);
  await act(app, t4.number, {
    action: 'resolve',
    summary: '已向您致歉，下次上门提前确认时间',
    rootCause: 'service',
    rootCauseText: '内部：派工系统排错了班',
    correctiveAction: '内部：调度员培训',
  });
  await app.desk.outbox.drain();
  now = seen();
  expect(now.posts.map((p) => p.text.split('\n')[0])).toEqual([
    expect.stringContaining(`我们已收到您的投诉：工单 *${t4.number}*`),
    `<@${AGENT}> 正在处理您的工单 *${t4.number}*。`,
    `工单 *${t4.number}* 已解决：已向您致歉，下次上门提前确认时间`,
    `工单 *${t4.number}* 已解决。您对我们的处理是否满意？`,
  ]);

  // 李伟 asks for his data: the admin runs the export in the shared channel; the files go to the
  // admin's DM only, nothing is posted where they are.
  await app.slack.command('/desk', `privacy export ${code} 李伟`, {
    userId: ADMIN,
    channelId: SHARED,
  });
  // (What the admin was told privately is theirs: not the persona's.)
  expect(look().posts).toEqual([]);
  expect(app.fake.sharedFiles(SHARED)).toEqual([]);
  expect(app.fake.sharedFiles(`D${ADMIN.slice(1)}`)).toHaveLength(2);

  // Week 4: the channel is unlinked; 李伟's complaint survey still takes his answer.
  await app.slack.command('/desk', 'channel unlink', { userId: ADMIN, channelId: EMOJI });
  look(); // the admin's own answer
  const complaintSurvey = await buttonsOf(EMOJI, 'requester_survey_', t4.number);
  await theirClick(LI, EMOJI, complaintSurvey[2]!);
  expect(seen().privately).toEqual([`谢谢！已记录您对工单 ${t4.number} 的评价：“一般”。`]);
  expect((await stored(t4.number)).survey).toMatchObject({ satisfaction: 3, by: LI });

  // Over the month, nothing internal reached them: the notes, the root cause, the tier, the
  // service levels, other people's contact details, the other customer; and no English.
  expect(everything.length).toBeGreaterThan(25);
  const all = everything.join('\n');
  for (const internal of [
    '内部',
    '欠三张发票',
    '重点客户',
    'L1',
    '华南电子',
    '138',
    '139',
    'huadong.cn',
    'C2026',
    TRIAGE,
  ])
    expect(all).not.toContain(internal);
  // Their language: no English word (ticket numbers, mentions and Slack's dates aside).
  expect(all.replace(/<[^>]*>/g, '').match(/\b[A-Za-z]{3,}\b/g)).toBeNull();
}, 120_000);
