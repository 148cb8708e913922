// Issue 11 (lane setui): `/task mine` in pages of 20, due first, walked with Previous / Next
// through the real Bolt HTTP path; whoever clicks sees their own tasks.
import { trusted } from 'mongoose';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
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

describe('/task mine in pages', () => {
  test('45 open tasks: three pages of 20, 20 and 5 by due date, Previous and Next carry the page', async () => {
    const code = (await makeCustomer(app, { name: 'Pages Co' })).code;
    const ctx = await ctxOf(app, OWNER);
    // Made in a shuffled order: task N is due N days from now.
    for (let i = 0; i < 45; i++) {
      const n = ((i * 7) % 45) + 1;
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: code,
        kind: 'call',
        assigneeId: OWNER,
        dueDate: addDaysToDate('2026-11-24', n),
        content: `Task ${String(n).padStart(2, '0')}`,
        submissionId: `sub-${n}`,
      });
    }

    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    expect(first.text).toBe('Your open tasks (45)');
    expect(first.response_type ?? 'ephemeral').toBe('ephemeral');
    expect(contents(first)).toEqual(expected(1, 20));
    expect(pageLine(first)).toBe('1-20 of 45, due first');
    expect(nav(first)).toEqual([{ text: 'Next', value: '20' }]);

    // Next and Previous differ by action_id (Slack refuses one block's elements sharing one).
    const click = async (value: string, userId = OWNER, actionId = 'task_mine_page') => {
      await app.slack.blockAction(
        { action_id: actionId, value, block_id: 'task_mine_nav' },
        { userId, ephemeral: true },
      );
      return lastAnswer();
    };
    const second = await click('20');
    expect(second.replace_original).toBe(true);
    expect(second.response_type).toBe('ephemeral');
    expect(contents(second)).toEqual(expected(21, 40));
    expect(pageLine(second)).toBe('21-40 of 45, due first');
    expect(nav(second)).toEqual([
      { text: 'Previous', value: '0' },
      { text: 'Next', value: '40' },
    ]);

    const third = await click('40');
    expect(contents(third)).toEqual(expected(41, 45));
    expect(pageLine(third)).toBe('41-45 of 45, due first');
    expect(nav(third)).toEqual([{ text: 'Previous', value: '20' }]);
    expect(third.blocks.find((b) => b.block_id === 'task_mine_nav').elements[0].action_id).toBe(
      'task_mine_previous',
    );

    expect(contents(await click('20', OWNER, 'task_mine_previous'))).toEqual(expected(21, 40));
    expect(contents(await click('0', OWNER, 'task_mine_previous'))).toEqual(expected(1, 20));

    // Tasks done meanwhile: a page past the end shows the last page there is.
    await app.db.models.tasks.updateMany(
      { content: trusted({ $in: expected(21, 45) }) },
      { $set: { status: 'done' } },
    );
    const after = await click('40');
    expect(after.text).toBe('Your open tasks (20)');
    expect(contents(after)).toEqual(expected(1, 20));
    expect(nav(after)).toEqual([]);

    // Someone else's click shows their own tasks, not the owner's.
    expect((await click('20', 'U0NOBODY01')).text).toBe(
      'You have no open tasks. Plan one with `/task new`.',
    );

    // A crafted value is refused, the list is not replaced.
    const before = app.fake.callsTo('response_url').length;
    await app.slack.blockAction(
      { action_id: 'task_mine_page', value: '-20', block_id: 'task_mine_nav' },
      { userId: OWNER, ephemeral: true },
    );
    const since = app.fake.callsTo('response_url').slice(before);
    expect(since.some((c) => String(c.args.text).startsWith('Your open tasks'))).toBe(false);
  });

  test('in Chinese the page line and the buttons are in Chinese', async () => {
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    const code = (await makeCustomer(app, { name: 'Pages Co' })).code;
    const ctx = await ctxOf(app, OWNER);
    for (let n = 1; n <= 21; n++)
      await app.desk.services.tasks.createManual(ctx, {
        customerCode: code,
        kind: 'visit',
        assigneeId: OWNER,
        dueDate: addDaysToDate('2026-11-24', n),
        content: `Task ${String(n).padStart(2, '0')}`,
        submissionId: `zh-${n}`,
      });
    await app.slack.command('/task', 'mine', { userId: OWNER });
    const first = lastAnswer();
    expect(pageLine(first)).toBe('第 1-20 条，共 21 条，按到期时间排序');
    expect(nav(first)).toEqual([{ text: '下一页', value: '20' }]);
  });
});
