// Issue 11 (lane setui): `/task mine` in pages of 20, due first, walked with Previous / Next
// through the real Bolt HTTP path; whoever clicks sees their own tasks. Pages are read from the
// row they turn from, so a task done meanwhile skips none; `/task mine approve` pages the tasks
// one signs off the same way.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { AGENT, ctxOf, OWNER } from '../helpers/factories.js';
import { openHome } from '../helpers/clicks.js';
import { openTasksOf } from '../helpers/tasks.js';
import { addDaysToDate } from '../../src/time.js';

// Tuesday 2026-11-24 10:00 in Shanghai.
const app = useTestApp({ now: '2026-11-24T02:00:00Z' });

type Answer = { text: string; blocks: any[]; replace_original?: boolean; response_type?: string };
const lastAnswer = () => app.fake.callsTo('response_url').at(-1)!.args as unknown as Answer;

/** The tasks' contents on a page, in order. */
const contents = (answer: Answer) =>
  answer.blocks
    .filter((b) => b.accessory?.action_id === 'task_done_open')
    .map((b) => /Task \d+/.exec(b.text.text)![0]);
const nav = (answer: Answer) =>
  answer.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .filter((e: any) => e.action_id === 'task_mine_page' || e.action_id === 'task_mine_previous')
    .map((e: any) => ({ text: e.text.text, value: e.value }));
const pageLine = (answer: Answer) =>
  answer.blocks.filter((b) => b.type === 'context').map((b) => b.elements[0].text)[0];

const expected = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `Task ${String(from + i).padStart(2, '0')}`);

/** Previous / Next's value for the task whose content is `content` (`mine|<due>|<id>`). */
async function keyOf(content: string, list = 'mine') {
  const task = (await app.db.models.tasks.findOne({ content }).lean())!;
  return `${list}|${task.dueDate}|${String(task._id)}`;
}

/** Clicks the page's Previous or Next (as Slack sends it: its action_id and value). */
async function turn(answer: Answer, which: 'Previous' | 'Next', userId = OWNER) {
  const button = answer.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements)
    .find(
      (e: any) => e.text.text === which || e.text.text === (which === 'Next' ? '下一页' : '上一页'),
    );
  expect(button, `${which} on the page`).toBeDefined();
  await app.slack.blockAction(
    { action_id: button.action_id, value: button.value, block_id: 'task_mine_nav' },
    { userId, ephemeral: true },
  );
  return lastAnswer();
}

describe('/task mine in pages', () => {
  test('45 open tasks: three pages of 20, 20 and 5 by due date, Previous and Next carry the page', async () => {
    // Made in a shuffled order: task N is due N days from now.
    await openTasksOf(app, OWNER, 45, {
      order: Array.from({ length: 45 }, (_, i) => ((i * 7) % 45) + 1),
      submissionId: (n) => `sub-${n}`,
    });

    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    expect(first.text).toBe('Your open tasks (45)');
    expect(first.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(contents(first)).toEqual(expected(1, 20));
    expect(pageLine(first)).toBe('1-20 of 45, due first');
    // Next carries the page's last row (its due date and id), not a place in the list.
    expect(nav(first)).toEqual([{ text: 'Next', value: await keyOf('Task 20') }]);

    const second = await turn(first, 'Next');
    expect(second.replace_original).toBe(true);
    expect(second.response_type).toBe('ephemeral');
    expect(contents(second)).toEqual(expected(21, 40));
    expect(pageLine(second)).toBe('21-40 of 45, due first');
    // Previous carries its first row; Next and Previous differ by action_id (Slack refuses one
    // block's elements sharing one).
    expect(nav(second)).toEqual([
      { text: 'Previous', value: await keyOf('Task 21') },
      { text: 'Next', value: await keyOf('Task 40') },
    ]);

    const third = await turn(second, 'Next');
    expect(contents(third)).toEqual(expected(41, 45));
    expect(pageLine(third)).toBe('41-45 of 45, due first');
    expect(nav(third)).toEqual([{ text: 'Previous', value: await keyOf('Task 41') }]);
    expect(third.blocks.find((b) => b.block_id === 'task_mine_nav').elements[0].action_id).toBe(
      'task_mine_previous',
    );

    const back = await turn(third, 'Previous');
    expect(contents(back)).toEqual(expected(21, 40));
    expect(contents(await turn(back, 'Previous'))).toEqual(expected(1, 20));

    // Tasks done meanwhile: Next with nothing after its row shows the last page there is.
    await app.db.models.tasks.updateMany(
      { content: trusted({ $in: expected(21, 45) }) },
      { $set: { status: 'done' } },
    );
    const after = await turn(second, 'Next');
    expect(after.text).toBe('Your open tasks (20)');
    expect(contents(after)).toEqual(expected(1, 20));
    expect(nav(after)).toEqual([]);

    // A list drawn before pages were read by key (a number, where its page started): drawn
    // again from the start.
    await app.slack.blockAction(
      { action_id: 'task_mine_page', value: '20', block_id: 'task_mine_nav' },
      { userId: OWNER, ephemeral: true },
    );
    expect(contents(lastAnswer())).toEqual(expected(1, 20));

    // Someone else's click shows their own tasks, not the owner's.
    expect((await turn(second, 'Next', 'U0NOBODY01')).text).toBe(
      'You have no open tasks. Plan one with `/task new`.',
    );

    // A crafted value is refused, the list is not replaced.
    for (const value of [
      '-20',
      'mine|2026-11-25',
      'other|2026-11-25|x',
      `mine|2026-11-25|${'x'.repeat(2000)}`,
    ]) {
      const before = app.fake.callsTo('response_url').length;
      await app.slack.blockAction(
        { action_id: 'task_mine_page', value, block_id: 'task_mine_nav' },
        { userId: OWNER, ephemeral: true },
      );
      const since = app.fake.callsTo('response_url').slice(before);
      expect(since.some((c) => String(c.args.text).startsWith('Your open tasks'))).toBe(false);
    }
  });

  test('in Chinese the page line and the buttons are in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await openTasksOf(app, OWNER, 21, { kind: 'visit', submissionId: (n) => `zh-${n}` });
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    expect(pageLine(first)).toBe('第 1-20 条，共 21 条，按到期时间排序');
    expect(nav(first)).toEqual([{ text: '下一页', value: await keyOf('Task 20') }]);
  });

  test('25 open tasks: the first done through its Done modal from the list, Next still shows 21-25 (none skipped)', async () => {
    await openTasksOf(app, OWNER, 25, { submissionId: (n) => `done-${n}` });
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    expect(contents(first)).toEqual(expected(1, 20));

    // Done on the list's first row as on a list drawn before its rows said their page (no block
    // id): its modal, submitted; the confirmation is a new message, the list on screen stays as
    // it was, with its Next.
    const row = first.blocks.find((b) => b.accessory?.action_id === 'task_done_open');
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: row.accessory.value },
      { userId: OWNER, ephemeral: true },
    );
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    const res = await app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
    expect(res.body).toBe('');
    expect((await app.db.models.tasks.findOne({ content: 'Task 01' }).lean())!.status).toBe('done');
    expect(lastAnswer().replace_original).toBe(false);

    const second = await turn(first, 'Next');
    expect(contents(second)).toEqual(expected(21, 25));
    expect(second.text).toBe('Your open tasks (24)');
    expect(pageLine(second)).toBe('20-24 of 24, due first');
    // Back: the first page, from the start (less than a page before its first row).
    const back = await turn(second, 'Previous');
    expect(contents(back)).toEqual(expected(2, 21));
    expect(pageLine(back)).toBe('1-20 of 24, due first');
  });
});

describe('Done on a row of /task mine', () => {
  /** `count` open tasks of OWNER's, task N due N days on. */
  const mine = (count: number) => openTasksOf(app, OWNER, count);

  /** Done clicked on the row of `content` in `answer` (as Slack sends it: its block id), saved. */
  async function doneOn(answer: Answer, content: string) {
    const row = answer.blocks.find(
      (b) => b.accessory?.action_id === 'task_done_open' && b.text.text.includes(content),
    );
    expect(row.block_id, 'the row says its page').toMatch(/^task_mine_\d+\|/);
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: row.accessory.value, block_id: row.block_id },
      { userId: OWNER, ephemeral: true },
    );
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(JSON.parse(modal.private_metadata).minePage).toBeDefined();
    const res = await app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
    expect(res.body).toBe('');
    expect((await app.db.models.tasks.findOne({ content }).lean())!.status).toBe('done');
  }

  test('the list is drawn again in its place, the same page without the task, saying it was done', async () => {
    await mine(25);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    const posts = app.fake.callsTo('response_url').length;

    await doneOn(first, 'Task 01');
    // One answer: the list replaced, not a new message beside it.
    expect(app.fake.callsTo('response_url')).toHaveLength(posts + 1);
    const redrawn = lastAnswer();
    expect(redrawn.replace_original).toBe(true);
    expect(redrawn.response_type).toBe('ephemeral');
    expect(redrawn.text).toBe(
      ':white_check_mark: Done: *Care call* · Pages Co (C2026001). Logged as an interaction.\nYour open tasks (24)',
    );
    expect(redrawn.blocks[0].text.text).toBe(
      ':white_check_mark: Done: *Care call* · Pages Co (C2026001). Logged as an interaction.\n\n*Your open tasks (24)*',
    );
    expect(contents(redrawn)).toEqual(expected(2, 21));
    expect(pageLine(redrawn)).toBe('1-20 of 24, due first');
    expect(app.fake.postsTo(OWNER)).toEqual([]);

    // The second page (read after Task 21): Done on one of its rows draws that page again,
    // read from the same row.
    const second = await turn(redrawn, 'Next');
    expect(contents(second)).toEqual(expected(22, 25));
    await doneOn(second, 'Task 23');
    const again = lastAnswer();
    expect(again.replace_original).toBe(true);
    expect(contents(again)).toEqual(['Task 22', 'Task 24', 'Task 25']);
    expect(pageLine(again)).toBe('21-23 of 23, due first');
    expect(nav(again)).toEqual([{ text: 'Previous', value: await keyOf('Task 22') }]);
  });

  test('a page read after a task whose id is too long for a block id (past 255 with the row’s prefix): its rows say the page by the id’s digest, and Done draws that page again in place', async () => {
    const { code } = await openTasksOf(app, OWNER, 22, {
      // The last row of the first page: the second page is read after it.
      submissionId: (n) => (n === 20 ? `long-${'x'.repeat(240)}` : `long-row-${n}`),
    });
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const second = await turn(lastAnswer(), 'Next');
    expect(contents(second)).toEqual(['Task 21', 'Task 22']);
    for (const row of second.blocks.filter((b) => b.accessory?.action_id === 'task_done_open'))
      expect(row.block_id.length).toBeLessThanOrEqual(255);

    // The task the digest stands for is found by the id's first characters it keeps: one read
    // of the tasks whose id starts so, not of every task of the team due that day (another's).
    await app.desk.services.tasks.createManual(await ctxOf(app, AGENT), {
      customerCode: code,
      kind: 'call',
      assigneeId: AGENT,
      dueDate: addDaysToDate('2026-11-24', 20),
      content: 'Same day, another person',
      submissionId: 'long-same-day',
    });
    const tasks = app.db.models.tasks;
    const find = tasks.find;
    const filters: any[] = [];
    tasks.find = function (this: unknown, ...args: any[]) {
      if (args[0]?.dueDate === addDaysToDate('2026-11-24', 20)) filters.push(args[0]);
      return (find as any).apply(this, args);
    } as typeof find;
    try {
      await doneOn(second, 'Task 22');
    } finally {
      tasks.find = find;
    }
    expect(filters).toHaveLength(1);
    const read = (await tasks.find(filters[0]).lean()).map((d) => String(d._id));
    expect(read).toEqual([expect.stringContaining(`long-${'x'.repeat(240)}`)]);
    const again = lastAnswer();
    expect(again.replace_original).toBe(true);
    expect(again.text).toContain('Done: *Care call*');
    expect(contents(again)).toEqual(['Task 21']);
    expect(pageLine(again)).toBe('21-21 of 21, due first');

    // A digest standing for no task of that day (the row gone): the list from the start.
    const row = again.blocks.find((b) => b.accessory?.action_id === 'task_done_open');
    const forged = row.block_id.replace(/\|#[\w-]{22}:/, `|#${'A'.repeat(22)}:`);
    expect(forged).not.toBe(row.block_id);
    await doneOn({ ...again, blocks: [{ ...row, block_id: forged }] }, 'Task 21');
    expect(lastAnswer().replace_original).toBe(true);
    expect(contents(lastAnswer())).toEqual(expected(1, 20));
  });

  test.each([
    ['kept as it is', 190],
    ['said by its digest', 197],
  ])(
    'a page read after a task id of 201-220 characters (within 255 with the row’s prefix, past what the parser read): %s, the row’s block id is read back and Done draws that page again in place',
    async (_, pad) => {
      const long = `long-${'x'.repeat(pad)}`;
      const { ctx } = await openTasksOf(app, OWNER, 22, {
        submissionId: (n) => (n === 20 ? long : `long-row-${n}`),
      });
      const id = `${ctx.teamId}:manual:${long}`;
      expect(id.length).toBeGreaterThan(200);
      expect(id.length).toBeLessThanOrEqual(220);
      await app.slack.command('/task', 'mine', { userId: OWNER });
      const second = await turn(lastAnswer(), 'Next');
      const rows = second.blocks.filter((b) => b.accessory?.action_id === 'task_done_open');
      for (const row of rows) expect(row.block_id.length).toBeLessThanOrEqual(255);
      expect(rows[0].block_id.includes(id)).toBe(id.length <= 216);
      // The modal carries the page (doneOn checks it), and the page is drawn again in place.
      await doneOn(second, 'Task 22');
      const again = lastAnswer();
      expect(again.replace_original).toBe(true);
      expect(contents(again)).toEqual(['Task 21']);
    },
  );

  test('/task mine approve and the first page’s To approve: the list done from is drawn again', async () => {
    await openTasksOf(app, AGENT, 3, {
      customer: 'Approve Co',
      kind: 'visit',
      approverId: OWNER,
      submissionId: (n) => `approve-row-${n}`,
    });
    await app.slack.command('/task', 'mine approve', { userId: OWNER });
    await doneOn(lastAnswer(), 'Task 01');
    expect(lastAnswer().replace_original).toBe(true);
    expect(lastAnswer().text).toContain('To approve (2)');
    expect(contents(lastAnswer())).toEqual(['Task 02', 'Task 03']);

    await app.slack.command('/task', 'mine', { userId: OWNER });
    await doneOn(lastAnswer(), 'Task 02');
    expect(lastAnswer().replace_original).toBe(true);
    expect(lastAnswer().text).toContain('You have no open tasks');
    expect(JSON.stringify(lastAnswer().blocks)).toContain('To approve (1)');
    expect(contents(lastAnswer())).toEqual(['Task 03']);
  });

  test('its response URL expired (or used up): the confirmation is a new message, by DM', async () => {
    await mine(3);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    app.fake.failNextHttp('response_url', 404, 2);
    await doneOn(first, 'Task 02');
    const replaced = app.fake.callsTo('response_url').filter((c) => c.args.replace_original);
    expect(replaced.at(-1)!.args.text).toContain('Done: *Care call*');
    const [dm, ...more] = app.fake.postsTo(OWNER);
    expect(more).toEqual([]);
    expect(dm!.args.text).toBe(
      ':white_check_mark: Done: *Care call* · Pages Co (C2026001). Logged as an interaction.',
    );
  });

  test('its replacement answered 502 (a gateway, after Slack may have shown the page saying it was done): nothing more, no second "Done" as a new message nor by DM', async () => {
    await mine(3);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    const before = app.fake.callsTo('response_url').length;
    app.fake.failNextHttp('response_url', 502);
    await doneOn(first, 'Task 02');
    const posts = app.fake.callsTo('response_url').slice(before);
    expect(posts.map((p) => p.args.replace_original)).toEqual([true]);
    expect(String(posts[0]!.args.text)).toContain('Done: *Care call*');
    expect(app.fake.postsTo(OWNER)).toEqual([]);
    expect(app.logs.map((l) => l.msg)).toContain(
      'message replacement answered 5xx (it may have been shown): nothing more',
    );
  });

  test('its response URL answering 200 with ok:false (as Slack answers some refusals): not taken as replaced, the confirmation is a new message; refused again, by DM', async () => {
    await mine(3);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    app.fake.failNext('response_url', 'expired_url');
    await doneOn(first, 'Task 01');
    const [replace, confirmation, ...more] = app.fake.callsTo('response_url').slice(-2);
    expect(more).toEqual([]);
    expect(replace!.args.replace_original).toBe(true);
    expect(confirmation!.args.replace_original).toBe(false);
    expect(confirmation!.args.text).toContain('Done: *Care call*');
    expect(app.logs).toContainEqual(
      expect.objectContaining({
        msg: 'message not replaced: its response URL refused',
        error: 'expired_url',
      }),
    );
    expect(app.fake.postsTo(OWNER)).toEqual([]);

    // The confirmation refused the same way too: by DM.
    app.fake.failNext('response_url', 'expired_url', 2);
    await doneOn(first, 'Task 02');
    const [dm, ...others] = app.fake.postsTo(OWNER);
    expect(others).toEqual([]);
    expect(dm!.args.text).toContain('Done: *Care call*');
  });

  test('Next whose response URL answers 200 with ok:false: taken as a 404, the person is told the list expired (no error reference), not taken as turned', async () => {
    await mine(21);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    app.fake.reset();
    app.fake.failNext('response_url', 'expired_url');
    const since = app.logs.length;
    await turn(first, 'Next');
    const [refused, ...more] = app.fake.callsTo('response_url');
    expect(more).toEqual([]);
    expect(refused!.args.replace_original).toBe(true);
    const [told, ...others] = [
      ...app.fake.callsTo('chat.postEphemeral'),
      ...app.fake.callsTo('chat.postMessage'),
    ];
    expect(others).toEqual([]);
    expect(told!.args).toMatchObject({
      user: OWNER,
      text: 'This list can no longer be changed: Slack lets the desk update it for 30 minutes only. Run `/task mine` again for a fresh one.',
    });
    expect(JSON.stringify(told!.args)).not.toMatch(/E-[0-9A-F]{8}/);
    const logged = app.logs.slice(since);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'response URL refused the message in its body',
        error: 'expired_url',
      }),
    );
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'task list page: response URL refused, list expired',
        error: 'expired_url',
      }),
    );
    expect(logged.map((l) => l.msg)).not.toContain('listener failed');
  });

  test('Next on a list whose response URL is spent (404, a list left open over 30 min): told the list expired, not an internal error; in the thread the list was shown in', async () => {
    await mine(21);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    app.fake.reset();
    app.fake.failNextHttp('response_url', 404, 5);
    const since = app.logs.length;
    const button = first.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements)
      .find((e: any) => e.text.text === 'Next');
    await app.slack.blockAction(
      { action_id: button.action_id, value: button.value, block_id: 'task_mine_nav' },
      {
        userId: OWNER,
        ephemeral: true,
        channelId: 'C0SUPPORT1',
        messageTs: '1700000000.000300',
        threadTs: '1700000000.000100',
      },
    );
    const told = [
      ...app.fake.callsTo('chat.postEphemeral'),
      ...app.fake.callsTo('chat.postMessage'),
    ];
    expect(told).toHaveLength(1);
    expect(told[0]!.args).toMatchObject({
      channel: 'C0SUPPORT1',
      user: OWNER,
      thread_ts: '1700000000.000100',
      text: 'This list can no longer be changed: Slack lets the desk update it for 30 minutes only. Run `/task mine` again for a fresh one.',
    });
    expect(JSON.stringify(told[0]!.args)).not.toMatch(/E-[0-9A-F]{8}/);
    const logged = app.logs.slice(since);
    expect(logged).toContainEqual(
      expect.objectContaining({
        msg: 'task list page: response URL refused, list expired',
        status: 404,
      }),
    );
    expect(logged.map((l) => l.msg)).not.toContain('listener failed');
  });

  test('Done elsewhere (a reminder, App Home: no list row): the confirmation is a new message as before', async () => {
    await mine(2);
    const task = (await app.db.models.tasks.findOne({ content: 'Task 01' }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(task._id), block_id: 'task_row_0' },
      { userId: OWNER, channelId: `D${OWNER.slice(1)}` },
    );
    const modal = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(JSON.parse(modal.private_metadata).minePage).toBeUndefined();
    await app.slack.submitView(modal, { summary: 'Called them' }, { userId: OWNER });
    expect(lastAnswer().replace_original).toBe(false);
    expect(lastAnswer().text).toContain('Done: *Care call*');
    // A list row's block id on a message everyone sees (forged, or not a list): not replaced.
    const other = (await app.db.models.tasks.findOne({ content: 'Task 02' }).lean())!;
    await app.slack.blockAction(
      { action_id: 'task_done_open', value: String(other._id), block_id: 'task_mine_0|mine' },
      { userId: OWNER },
    );
    const shared = app.fake.callsTo('views.open').at(-1)!.args.view as Record<string, any>;
    expect(JSON.parse(shared.private_metadata).minePage).toBeUndefined();
  });
});

describe('/task mine approve', () => {
  /** `count` tasks AGENT does and OWNER signs off, task N due N days on (`from` on). */
  async function toApprove(count: number, from = 1) {
    await openTasksOf(app, AGENT, count, {
      customer: 'Approve Co',
      kind: 'visit',
      approverId: OWNER,
      from,
      submissionId: (n) => `approve-${n}`,
    });
  }

  test('8 to approve: /task mine and App Home show some and point to `/task mine approve`, which lists all 8 with Done', async () => {
    await toApprove(8);
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const mine = lastAnswer();
    expect(JSON.stringify(mine.blocks)).toContain('To approve (8)');
    expect(contents(mine)).toEqual(expected(1, 5));
    const more = '…and 3 more: `/task mine approve` lists them all.';
    expect(mine.blocks.filter((b) => b.type === 'context').map((b) => b.elements[0].text)).toEqual([
      more,
    ]);
    const home = await openHome(app, OWNER);
    expect(home).toContain('Tasks you sign off* (8)');
    expect(home).toContain('…and 5 more: `/task mine approve` lists them all.');

    await app.slack.command('/task', 'mine approve', { userId: OWNER });
    const all = lastAnswer();
    expect(all.text).toBe('To approve (8)');
    expect(all.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(contents(all)).toEqual(expected(1, 8));
    // Each row names who does it; no page line nor buttons for one page.
    expect(all.blocks[1].text.text).toContain(`<@${AGENT}>`);
    expect(nav(all)).toEqual([]);
    expect(pageLine(all)).toBeUndefined();

    // Someone who signs nothing off is told so; another word is refused with the usage.
    await app.slack.command('/task', 'mine approve', { userId: AGENT });
    expect(lastAnswer().text).toBe('You sign off no open tasks.');
    await app.slack.command('/task', 'mine approved', { userId: OWNER });
    expect(lastAnswer().text).toContain('I do not read `approved` there, so nothing was done.');
  });

  test('in pages of 20 read by key: one done meanwhile skips none; in Chinese', async () => {
    await toApprove(22);
    await app.slack.command('/task', 'mine approve', { userId: OWNER });
    const first = lastAnswer();
    expect(contents(first)).toEqual(expected(1, 20));
    expect(pageLine(first)).toBe('1-20 of 22, due first');
    expect(nav(first)).toEqual([{ text: 'Next', value: await keyOf('Task 20', 'approve') }]);

    await app.db.models.tasks.updateOne({ content: 'Task 03' }, { $set: { status: 'done' } });
    const second = await turn(first, 'Next');
    expect(second.text).toBe('To approve (21)');
    expect(contents(second)).toEqual(expected(21, 22));
    expect(nav(second)).toEqual([{ text: 'Previous', value: await keyOf('Task 21', 'approve') }]);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    await app.slack.command('/task', 'mine', { userId: OWNER });
    expect(JSON.stringify(lastAnswer().blocks)).toContain(
      '……另有 16 项，用 `/task mine approve` 查看全部。',
    );
    await app.slack.command('/task', 'mine approve', { userId: OWNER });
    expect(lastAnswer().text).toBe('待我审批（21）');
    await app.slack.command('/task', 'mine approve', { userId: AGENT });
    expect(lastAnswer().text).toBe('没有待你审批的未完成任务。');
  });
});
