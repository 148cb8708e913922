// A customer owner the daily owners' check finds is of another organisation (Slack Connect), on a
// desk whose only admin is of another organisation too and which has no manager: nobody of the
// staff can stand in for them. Before, their work (the intake DM, a complaint's contact task and
// its DMs) went to that owner, outside the organisation. Now it is held: nothing reaches them,
// the staff hear once (the triage channel) who takes it and who fixes it, any staff agent lists
// the held tasks with `/task team` (their Home counts them) and takes one with Edit, and once a
// staff admin is made the rest goes to them.
import { expect, test } from 'vitest';
import { outboxJob } from '../../jobs/outbox.js';
import { tasksJob } from '../../jobs/tasks.js';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { HELD_COUNT_MAX } from '../../src/task/types.js';
import { useTestApp } from '../helpers/app.js';
import {
  guestCriticalComplaint,
  homeText,
  newTicketByModal,
  submitLastModal,
} from '../helpers/clicks.js';
import { AGENT, ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_GUEST_USER_ID as GUEST, FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { runJobAt } from '../helpers/jobs.js';

const FOREIGN_ADMIN = 'U0FOREIGN1';
const NEW_ADMIN = 'U0NEWADM01';
const MEMBER = 'U0MEMBER01';
const TRIAGE = 'C0TRIAGE01';
const app = useTestApp({
  env: { ADMIN_USER_IDS: FOREIGN_ADMIN, TRIAGE_CHANNEL_ID: TRIAGE },
  now: '2026-11-24T02:00:00Z',
});

type Answer = { text: string; blocks: any[] };
const lastAnswer = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Answer;
/** Every message Slack took for `userId` (DMs), as text. */
const texts = (userId: string) => app.fake.tookPostsTo(userId).map((c) => String(c.args.text));
const contactTask = (number: string) =>
  app.db.models.tasks
    .findOne({ teamId: FAKE_TEAM_ID, kind: 'complaint_contact', ticketNumber: number })
    .lean();
const ticket = (number: string) => app.db.models.tickets.findOne({ number }).lean();

/**
 * MEMBER owns a customer; the only admin is marked of another organisation, no manager, AGENT an
 * agent. The daily run finds MEMBER of another organisation and marks the file. Its code.
 */
async function ownerFoundOutside(locale: 'en' | 'zh-CN' = 'en', noTriage = false): Promise<string> {
  if (noTriage) await app.setSettings(({ channels: { triage: _, ...channels } }) => ({ channels }));
  await app.setSettings(() => ({
    admins: [FOREIGN_ADMIN],
    externalHolders: [FOREIGN_ADMIN],
    managers: [],
    agents: [AGENT],
    accountManagers: [OWNER],
    locale,
  }));
  app.fake.users.set(FOREIGN_ADMIN, { id: FOREIGN_ADMIN, real_name: 'Sam', team: 'T0OTHERORG' });
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: FAKE_TEAM_ID });
  const { code } = await makeCustomer(app, { ownerId: OWNER });
  await app.desk.services.customers.update(await ctxOf(app, OWNER), code, { ownerId: MEMBER });
  await app.desk.outbox.drain();
  app.fake.users.set(MEMBER, { id: MEMBER, real_name: 'Chen Jie', team: 'T0OTHERORG' });
  app.fake.reset();
  const [run] = await runJobAt(app, tasksJob, '2026-11-25T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(run!.counts).toMatchObject({ customersMarkedExternalOwned: 1, ownersAwayTold: 1 });
  return code;
}

/** A critical complaint for the customer, filed by AGENT through the New ticket modal. */
async function complaint(code: string): Promise<string> {
  const number = await newTicketByModal(app, code, {
    severity: 'urgent',
    type: 'complaint',
    complaint_urgency: 'critical',
    description: 'rude',
  });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  return number;
}

test('nobody on staff to stand in: nothing of the customer reaches the outside owner, the staff are told once in the triage channel who takes the work and who fixes it', async () => {
  const code = await ownerFoundOutside();
  const told = app.fake.tookPostsTo(TRIAGE).map((c) => String(c.args.text));
  expect(told).toEqual([
    `:warning: Slack says <@${MEMBER}> is of another organisation (Slack Connect), yet they own 1 customer. The desk has no manager or admin of its own to stand in for them, so their work is held: nothing of those customers goes to them. Any agent takes their tasks from \`/task team\` (*Edit task*, yourself as executor). Whoever runs the desk’s server fixes it by making one of you an admin: \`npm run admins -- --team ${FAKE_TEAM_ID} --add\` and that person’s member ID. That admin then gets the rest, and gives those customers another owner.`,
  ]);
  expect(texts(FOREIGN_ADMIN)).toEqual([]);

  // A complaint for their customer: the ticket and its contact task still name the owner (held),
  // but no DM goes to them: the intake DM and the contact task's are dropped as `owner_held`.
  const number = await complaint(code);
  expect(await ticket(number)).toMatchObject({ accountManagerId: MEMBER });
  expect(await contactTask(number)).toMatchObject({ status: 'open', assigneeId: MEMBER });
  // Its reminders, the day after.
  await runJobAt(app, tasksJob, '2026-11-26T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(MEMBER)).toEqual([]);
  const owed = await app.db.models.outbox.find({ teamId: FAKE_TEAM_ID, to: MEMBER }).lean();
  const dms = owed.filter((e) => e.kind !== 'home');
  expect(dms.length).toBeGreaterThan(0);
  expect(dms.map((e) => [e.state, e.lastError])).toEqual(dms.map(() => ['dropped', 'owner_held']));
  // Told once: the next run tells nobody again.
  app.fake.reset();
  const [again] = await runJobAt(app, tasksJob, '2026-11-27T01:00:00Z');
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(again!.counts).toMatchObject({ ownersAwayTold: 0 });
  expect(
    app.fake
      .tookPostsTo(TRIAGE)
      .map((c) => String(c.args.text))
      .join('\n'),
  ).not.toContain('stand in for them');
});

test('a staff agent sees the held task on their Home and in /task team, and takes it with Edit; a member who is not staff may not', async () => {
  const code = await ownerFoundOutside();
  const number = await complaint(code);

  expect(await homeText(app, AGENT)).toContain(
    '1 task waits for someone: the executor of each owns customers but is not a member of the workspace',
  );
  await app.slack.command('/task', 'team', { userId: AGENT });
  const list = lastAnswer();
  expect(list.text.split('\n')[0]).toMatch(/^Tasks waiting for someone \(1\), overdue first/);
  const menu = list.blocks.find((b) => b.accessory?.action_id === 'task_row_menu')!.accessory
    .options as { text: { text: string }; value: string }[];
  // Taken with Edit, or done; no Cancel for a taker.
  expect(menu.map((o) => o.text.text)).toEqual(['Done', 'Edit task']);

  // Someone the roles name nowhere on the closed desk: no list, no Edit.
  await app.setSettings(() => ({ openDesk: false }));
  const stranger = 'U0STRANGER';
  app.fake.users.set(stranger, { id: stranger, real_name: 'Li', team: FAKE_TEAM_ID });
  app.fake.reset();
  await app.slack.blockAction(
    { action_id: 'task_row_menu', type: 'overflow', selected_option: menu[1] },
    { userId: stranger },
  );
  expect(app.fake.callsTo('views.open')).toHaveLength(0);

  // AGENT takes it: Edit task, themself as executor.
  await app.slack.blockAction(
    { action_id: 'task_row_menu', type: 'overflow', selected_option: menu[1] },
    { userId: AGENT },
  );
  await submitLastModal(app, { executor: AGENT }, AGENT);
  expect(await contactTask(number)).toMatchObject({ status: 'open', assigneeId: AGENT });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(MEMBER)).toEqual([]);
  // Nothing held any more.
  expect(await homeText(app, AGENT)).not.toContain('waits for someone');
});

test('once an admin of the organisation is made, the held ticket and task go to them (and the Home line goes)', async () => {
  const code = await ownerFoundOutside();
  const number = await complaint(code);
  const before = await homeText(app, AGENT);
  expect(before).toContain('are all of another organisation');

  const cli = await ctxOf(app, SYSTEM_ACTOR);
  expect(await app.desk.services.settings.addAdmin(cli, NEW_ADMIN)).toBeTruthy();
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  await runJobAt(app, outboxJob, new Date(app.clock.now().getTime() + 60_000).toISOString());
  expect(await ticket(number)).toMatchObject({ accountManagerId: NEW_ADMIN, guestOwner: MEMBER });
  expect(await contactTask(number)).toMatchObject({ assigneeId: NEW_ADMIN, guestOwner: MEMBER });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(MEMBER)).toEqual([]);
  expect(texts(NEW_ADMIN).join('\n')).toContain(`${number}`);
  const after = await homeText(app, AGENT);
  expect(after).not.toContain('waits for someone');
  expect(after).not.toContain('another organisation (Slack Connect): they hold no role');
});

test('the Home says the admins are all of another organisation, in Chinese too', async () => {
  await ownerFoundOutside('zh-CN');
  const home = await homeText(app, AGENT);
  expect(home).toContain(
    `本服务台的管理员都属于其他组织（Slack Connect）：他们在这里不担任任何角色，因此无人能修改设置或角色。请运行服务台服务器的人执行 \`npm run admins -- --team ${FAKE_TEAM_ID} --add ${AGENT}\` 把你设为管理员。`,
  );
  await app.setSettings(() => ({ locale: 'en' }));
  expect(await homeText(app, AGENT)).toContain(
    `This desk's admins are all of another organisation (Slack Connect): they hold no role here, so nobody can change its settings or roles. Whoever runs the desk's server makes you one: \`npm run admins -- --team ${FAKE_TEAM_ID} --add ${AGENT}\`.`,
  );
});

test('no triage channel: the staff agents are told by DM instead, once, in Chinese; the outside owner nothing', async () => {
  await ownerFoundOutside('zh-CN', true);
  expect(texts(AGENT)).toEqual([
    `:warning: Slack 显示 <@${MEMBER}> 属于其他组织（Slack Connect），但此人仍负责 1 家客户。服务台没有本组织的主管或管理员可以代为负责，因此此人的工作被暂时保留：这些客户的任何内容都不会发给此人。任何客服都可以在 \`/task team\` 中接手这些任务（“编辑任务”，执行人选自己）。请运行服务台服务器的人把你们中的一位设为管理员：\`npm run admins -- --team ${FAKE_TEAM_ID} --add\` 加上该成员的 ID。之后其余工作会交给该管理员，由该管理员为这些客户指定其他负责人。`,
  ]);
  expect(texts(MEMBER)).toEqual([]);
  expect(texts(FOREIGN_ADMIN)).toEqual([]);
});

test('a guest owner on a desk with no admin at all: the same mark, held alike; the Home keeps the no-admin line and counts the held task', async () => {
  await app.setSettings(() => ({ admins: [], managers: [], agents: [AGENT] }));
  const { number, contact } = await guestCriticalComplaint(app);
  expect(await ticket(number)).toMatchObject({ accountManagerId: GUEST });
  expect(await contact()).toMatchObject({ status: 'open', assigneeId: GUEST });
  app.clock.advance(10_000);
  await app.desk.outbox.drain();
  expect(app.fake.postsTo(GUEST)).toEqual([]);
  const home = await homeText(app, AGENT);
  expect(home).toContain('This desk has no admin yet');
  expect(home).toContain('1 task waits for someone');
});

test('past HELD_COUNT_MAX held tasks, the Home says "more than 100", not 100 (en and zh-CN)', async () => {
  const code = await ownerFoundOutside();
  const number = await complaint(code);
  const { _id, ...task } = (await contactTask(number))!;
  let made = 0;
  const copies = (n: number) =>
    app.db.models.tasks.insertMany(
      Array.from({ length: n }, () => ({ ...task, _id: `copy:${++made}` })),
    );
  // Exactly HELD_COUNT_MAX: the count as it is.
  await copies(HELD_COUNT_MAX - 1);
  expect(await homeText(app, AGENT)).toContain(`${HELD_COUNT_MAX} tasks wait for someone:`);
  // One more: the count is cut, so the Home says so.
  await copies(1);
  const home = await homeText(app, AGENT);
  expect(home).toContain(`More than ${HELD_COUNT_MAX} tasks wait for someone:`);
  expect(home).not.toContain(`${HELD_COUNT_MAX + 1}`);
  await app.setSettings(() => ({ locale: 'zh-CN' }));
  expect(await homeText(app, AGENT)).toContain(
    `:warning: 有超过 ${HELD_COUNT_MAX} 个任务等待有人处理：`,
  );
});
