// revtasks F1: a manager told of an overdue task acts on it from the daily list (each line's
// menu: Done, Change due date, Edit task, Cancel task…, each checked by the service as anywhere),
// and reads the rest of their team's open tasks, overdue first, in pages with `/task team`.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { ephemeralOf, submitLastModal } from '../helpers/clicks.js';
import { AGENT, OWNER } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { openTasksOf } from '../helpers/tasks.js';

const M1 = 'U0MANAGER1'; // manages AGENT
const M2 = 'U0MANAGER2'; // manages OWNER
const OTHER = 'U0OTHERAG1'; // an agent: neither the executor nor a manager
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

type Answer = { text: string; blocks: any[] };
const lastAnswer = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Answer;
const taskOf = (content: string) => app.db.models.tasks.findOne({ content }).lean();
/** What a row's menu choice names: its task's words (a row's value: `<verb>:<id without team>`). */
async function contentOf(value: string) {
  const id = `${FAKE_TEAM_ID}:${value.slice(value.indexOf(':') + 1)}`;
  return (await app.db.models.tasks.findById(id).lean())?.content;
}
const menus = (message: Answer) =>
  message.blocks
    .filter((b) => b.accessory?.action_id === 'task_row_menu')
    .map((b) => b.accessory.options as { text: { text: string }; value: string }[]);
/** Each row's task (its words) and its menu's choices, in order. */
const rows = (message: Answer) =>
  Promise.all(
    menus(message).map(async (options) => ({
      task: await contentOf(options[0]!.value),
      menu: options.map((o) => o.text.text),
    })),
  );
const contents = async (message: Answer) => (await rows(message)).map((r) => r.task);
/** The menu choice `label` of the row of the task whose words are `task`. */
async function choice(message: Answer, task: string, label: string) {
  for (const options of menus(message))
    if ((await contentOf(options[0]!.value)) === task)
      return options.find((o) => o.text.text === label);
  throw new Error(`no row for ${task}`);
}
const pick = async (option: Promise<unknown>, userId: string) =>
  app.slack.blockAction(
    { action_id: 'task_row_menu', type: 'overflow', selected_option: await option },
    { userId },
  );
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `Task ${String(from + i).padStart(2, '0')}`);

describe('the overdue list a manager reads', () => {
  test('each line has a menu; Done, Change due date and Edit task there act for the manager, and someone who may not is refused', async () => {
    await app.setSettings(() => ({ managers: [M1], agents: [AGENT, OTHER], managerLinks: [] }));
    await openTasksOf(app, AGENT, 3, { customer: 'Agent Co' });
    // Monday 30 November: the three calls (due 25, 26 and 27 November) are overdue.
    await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
    const list = app.fake.postsTo(M1).at(-1)!.args as unknown as Answer;
    expect(list.text.split('\n')[0]).toBe('Overdue follow-up tasks (3)');
    const menu = ['Done', 'Change due date', 'Edit task', 'Cancel task…'];
    expect(await rows(list)).toEqual(range(1, 3).map((task) => ({ task, menu })));

    // Someone who may not act on it, sending the same choice: refused, no modal, nothing changed.
    app.fake.reset();
    await pick(choice(list, 'Task 01', 'Done'), OTHER);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect(String(app.fake.callsTo('response_url').at(-1)!.args.text)).toBe(
      `Only the person the task is for (<@${AGENT}>) or a manager can complete it.`,
    );
    await pick(choice(list, 'Task 01', 'Cancel task…'), OTHER);
    expect(app.fake.callsTo('views.open')).toHaveLength(0);
    expect((await taskOf('Task 01'))!.status).toBe('open');

    // The manager: Done on the first, which the agent did by phone.
    await pick(choice(list, 'Task 01', 'Done'), M1);
    await submitLastModal(app, { summary: 'Agent called them on Friday' }, M1);
    expect(await taskOf('Task 01')).toMatchObject({ status: 'done', doneBy: M1 });
    // Change due date on the second.
    await pick(choice(list, 'Task 02', 'Change due date'), M1);
    await submitLastModal(app, { due: '2026-12-02' }, M1);
    expect((await taskOf('Task 02'))!.dueDate).toBe('2026-12-02');
    // Edit task on the third: handed to OWNER while the agent is away.
    await pick(choice(list, 'Task 03', 'Edit task'), M1);
    await submitLastModal(app, { executor: OWNER }, M1);
    expect((await taskOf('Task 03'))!.assigneeId).toBe(OWNER);
  });

  test('26 overdue: 20 lines with menus within the 50 blocks, the rest counted with `/task team` named, which lists them all in pages', async () => {
    await app.setSettings(() => ({ managers: [M1], managerLinks: [] }));
    await openTasksOf(app, AGENT, 26, { customer: 'Agent Co' });
    // Monday 4 January 2027: all 26 are overdue.
    await runJobAt(app, tasksJob, '2027-01-04T01:00:00Z');
    const list = app.fake.postsTo(M1).at(-1)!.args as unknown as Answer;
    expect(await contents(list)).toEqual(range(1, 20));
    expect(list.blocks.length).toBeLessThanOrEqual(50);
    expect(list.blocks.at(-1)!.elements[0].text).toBe('…and 6 more: `/task team` lists them all.');

    await app.slack.command('/task', 'team', { userId: M1 });
    const first = lastAnswer();
    expect(first.text.split('\n')[0]).toBe("Your team's open tasks (26), overdue first");
    expect(await contents(first)).toEqual(range(1, 20));
    expect(first.blocks.length).toBeLessThanOrEqual(50);
    const next = first.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e: any) => e.text.text === 'Next');
    await app.slack.blockAction(
      { action_id: next.action_id, value: next.value, block_id: 'task_mine_nav' },
      { userId: M1, ephemeral: true },
    );
    expect(await contents(lastAnswer())).toEqual(range(21, 26));
  });
});

describe('/task team', () => {
  test("a linked manager reads their people's tasks and those nobody manages, not another manager's team; someone else is refused", async () => {
    await app.setSettings(() => ({
      managers: [M1, M2],
      agents: [AGENT, OTHER],
      managerLinks: [
        { managerId: M1, manages: [AGENT] },
        { managerId: M2, manages: [OWNER] },
      ],
    }));
    await openTasksOf(app, AGENT, 2, { customer: 'Agent Co' });
    await openTasksOf(app, OWNER, 2, { customer: 'Owner Co', from: 3 });
    await openTasksOf(app, OTHER, 1, { customer: 'Other Co', from: 5 });

    await app.slack.command('/task', 'team', { userId: M1 });
    expect(await contents(lastAnswer())).toEqual(['Task 01', 'Task 02', 'Task 05']);
    await app.slack.command('/task', 'team', { userId: M2 });
    expect(await contents(lastAnswer())).toEqual(['Task 03', 'Task 04', 'Task 05']);

    const refused = await app.slack.command('/task', 'team', { userId: AGENT });
    const said = [ephemeralOf(refused), String(app.fake.callsTo('response_url').at(-1)?.args.text)];
    expect(said.join('\n')).toContain(
      "Only managers and admins of the desk can list the team's tasks. Your own: `/task mine`.",
    );
  });

  test('/task help lists it to a manager, not to an agent; in zh-CN too', async () => {
    await app.setSettings(() => ({ managers: [M1], agents: [AGENT] }));
    expect(ephemeralOf(await app.slack.command('/task', 'help', { userId: M1 }))).toContain(
      '/task team',
    );
    expect(ephemeralOf(await app.slack.command('/task', 'help', { userId: AGENT }))).not.toContain(
      '/task team',
    );
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const help = ephemeralOf(await app.slack.command('/task', 'help', { userId: M1 }));
    expect(help).toContain('团队的未完成任务，逾期的在前，可直接处理（主管）');
  });
});
