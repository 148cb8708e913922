// taskteam leftovers: Done or Cancel task… chosen from a row of `/task team` (a manager's
// list, an ephemeral answer) draws that page again in its place, without the task, saying what
// was done, as Done on `/task mine` does; from the overdue DM (a message everyone's menu is
// on), it is said as a new message and the DM stays as sent.
import { describe, expect, test } from 'vitest';
import { tasksJob } from '../../jobs/tasks.js';
import { useTestApp } from '../helpers/app.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { submitLastModal } from '../helpers/clicks.js';
import { AGENT } from '../helpers/factories.js';
import { runJobAt } from '../helpers/jobs.js';
import { openTasksOf } from '../helpers/tasks.js';

const M1 = 'U0MANAGER1';
// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

type Answer = {
  text: string;
  blocks: any[];
  replace_original?: boolean;
  response_type?: string;
};
const lastAnswer = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Answer;
const taskOf = (content: string) => app.db.models.tasks.findOne({ content }).lean();

/** Each row's task, by its words (a row's menu names its task: `<verb>:<id without team>`). */
async function contents(message: Answer) {
  const out: (string | undefined)[] = [];
  for (const b of message.blocks.filter((b) => b.accessory?.action_id === 'task_row_menu')) {
    const value = b.accessory.options[0].value as string;
    const id = `${FAKE_TEAM_ID}:${value.slice(value.indexOf(':') + 1)}`;
    out.push((await app.db.models.tasks.findById(id).lean())?.content);
  }
  return out;
}

/** `verb` (done, cancel) chosen in the menu of the row of `task` in `message`, as Slack sends it. */
async function pick(message: Answer, task: string, verb: 'done' | 'cancel', ephemeral: boolean) {
  for (const b of message.blocks.filter((b) => b.accessory?.action_id === 'task_row_menu')) {
    const value = b.accessory.options[0].value as string;
    const id = `${FAKE_TEAM_ID}:${value.slice(value.indexOf(':') + 1)}`;
    if ((await app.db.models.tasks.findById(id).lean())?.content !== task) continue;
    const option = b.accessory.options.find((o: any) => o.value.startsWith(`${verb}:`));
    await app.slack.blockAction(
      {
        action_id: 'task_row_menu',
        type: 'overflow',
        selected_option: option,
        ...(b.block_id ? { block_id: b.block_id } : {}),
      },
      { userId: M1, ephemeral },
    );
    return;
  }
  throw new Error(`no row for ${task}`);
}

describe('/task team after Done or Cancel task… on one of its rows', () => {
  test('the page is drawn again in its place without the task, saying what was done (en)', async () => {
    await app.setSettings(() => ({ managers: [M1], agents: [AGENT], managerLinks: [] }));
    await openTasksOf(app, AGENT, 4, { customer: 'Agent Co' });
    await app.slack.command('/task', 'team', { userId: M1 });
    const list = lastAnswer();
    expect(await contents(list)).toEqual(['Task 01', 'Task 02', 'Task 03', 'Task 04']);
    const answers = app.fake.callsTo('response_url').length;

    await pick(list, 'Task 01', 'done', true);
    await submitLastModal(app, { summary: 'Agent called them' }, M1);
    expect(await taskOf('Task 01')).toMatchObject({ status: 'done', doneBy: M1 });
    // One answer: the list replaced, not a new message beside it.
    expect(app.fake.callsTo('response_url')).toHaveLength(answers + 1);
    const afterDone = lastAnswer();
    expect(afterDone.replace_original).toBe(true);
    expect(afterDone.response_type).toBe('ephemeral');
    expect(afterDone.text.split('\n').slice(0, 2)).toEqual([
      ':white_check_mark: Done: *Care call* · Agent Co (C2026001). Logged as an interaction.',
      "Your team's open tasks (3), overdue first",
    ]);
    expect(await contents(afterDone)).toEqual(['Task 02', 'Task 03', 'Task 04']);
    expect(app.fake.postsTo(M1)).toEqual([]);

    // Cancel task… on the page drawn again: drawn once more, without it.
    await pick(afterDone, 'Task 03', 'cancel', true);
    await submitLastModal(app, { reason: 'by_hand', note: 'Met them at the fair' }, M1);
    expect((await taskOf('Task 03'))!.status).toBe('cancelled');
    expect(app.fake.callsTo('response_url')).toHaveLength(answers + 2);
    const afterCancel = lastAnswer();
    expect(afterCancel.replace_original).toBe(true);
    expect(afterCancel.text.split('\n')[0]).toMatch(/^:no_entry_sign: Cancelled: \*Care call\*/);
    expect(await contents(afterCancel)).toEqual(['Task 02', 'Task 04']);
  });

  test('in zh-CN; Done from the overdue DM carries no list to draw again (the DM stays as sent)', async () => {
    await app.setSettings(() => ({
      managers: [M1],
      agents: [AGENT],
      managerLinks: [],
      locale: 'zh-CN',
    }));
    await openTasksOf(app, AGENT, 2, { customer: 'Agent Co' });
    await app.slack.command('/task', 'team', { userId: M1 });
    await pick(lastAnswer(), 'Task 02', 'done', true);
    await submitLastModal(app, { summary: '已电话联系' }, M1);
    const redrawn = lastAnswer();
    expect(redrawn.replace_original).toBe(true);
    expect(redrawn.text.split('\n')[1]).toBe('团队的未完成任务（1），逾期的在前');
    expect(await contents(redrawn)).toEqual(['Task 01']);

    // Monday 30 November: Task 01 is overdue, in M1's DM; Done there is not a list redrawn.
    await runJobAt(app, tasksJob, '2026-11-30T01:00:00Z');
    const dm = app.fake.postsTo(M1).at(-1)!.args as unknown as Answer;
    expect(dm.blocks.every((b) => !String(b.block_id ?? '').startsWith('task_mine_'))).toBe(true);
    app.fake.reset();
    await pick(dm, 'Task 01', 'done', false);
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as { private_metadata: string };
    expect(JSON.parse(modal.private_metadata).minePage).toBeUndefined();
  });
});
