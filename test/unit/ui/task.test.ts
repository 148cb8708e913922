import { describe, expect, test } from 'vitest';
import { LOCALES, translator } from '../../../src/i18n/index.js';
import { revisitSummary } from '../../../src/task/rules.js';
import { TASK_KINDS, type TaskRecord } from '../../../src/task/types.js';
import { TASK } from '../../../src/ui/ids.js';
import {
  dueText,
  overdueList,
  taskDoneModal,
  taskReminder,
  taskTitle,
} from '../../../src/ui/task.js';
import { HOSTILE, TODAY, task, tasks } from '../../helpers/records.js';
import {
  buttons,
  expectEscaped,
  expectFormModal,
  expectValidMessage,
  inputIds,
  inputs,
  labels,
  mrkdwn,
  optionValues,
  requiredIds,
} from '../../helpers/ui.js';

const METADATA = JSON.stringify({ id: 'revisit:T20260007:1' });

const WORDS = {
  en: {
    revisit: '*Revisit* · Acme Ltd (C2026001) · T20260007',
    care: '*Care contact* · Acme Ltd (C2026001)',
    dues: ['due *today*', 'due 2026-11-27 (in 3 days)', 'due 2026-11-20 (*4 days late*)'],
    // What to do, as a row says it before " · ": without the sentence's full stop.
    what: {
      revisit: 'Ask whether the issue is really solved and how the service was (satisfaction, NPS)',
      care: "Get in touch on the tier's care cadence",
    },
  },
  'zh-CN': {
    revisit: '*回访* · Acme Ltd（C2026001） · T20260007',
    care: '*客户关怀* · Acme Ltd（C2026001）',
    dues: ['*今天* 到期', '2026-11-27 到期（还有 3 天）', '2026-11-20 到期（*已逾期 4 天*）'],
    what: {
      revisit: '确认问题是否真正解决、服务是否满意（满意度、NPS）',
      care: '按客户等级的关怀节奏联系客户',
    },
  },
} as const;

const revisit = task();
const care = task({
  id: 'care:C2026001',
  kind: 'care',
  ticketNumber: undefined,
  ticketId: undefined,
});

describe.each(LOCALES)('task builders in %s', (locale) => {
  const t = translator(locale);
  const words = WORDS[locale];

  test.each([
    ['revisit', revisit],
    ['care', care],
  ] as const)(
    'taskTitle of a %s task: kind, customer, and the ticket when there is one',
    (kind, x) => {
      expect(taskTitle(t, x)).toBe(words[kind]);
    },
  );

  test('taskTitle: a hostile customer name lands escaped', () => {
    expectEscaped(taskTitle(t, task({ customerName: HOSTILE })));
  });

  test.each([
    [TODAY, 0],
    ['2026-11-27', 1],
    ['2026-11-20', 2],
  ])('dueText for a task due %s', (dueDate, i) => {
    expect(dueText(t, task({ dueDate }), TODAY)).toBe(words.dues[i]);
  });

  describe('taskReminder', () => {
    const batch = [task({ dueDate: TODAY }), { ...care, dueDate: '2026-11-27' }];

    test.each([
      { part: 1, heading: 'task.reminder.header' },
      { part: 2, heading: 'task.reminder.continued' },
    ] as const)(
      'part $part of 22 tasks: heading, each task with its Done, Change due date and Edit task buttons',
      ({ part, heading }) => {
        const message = taskReminder(t, batch, TODAY, { part, total: 22 });
        expectValidMessage(message);
        expect(message.text.split('\n')[0]).toBe(t(heading, { count: 22 }));
        expect(mrkdwn([message.blocks[0]!])).toBe(`*${t(heading, { count: 22 })}*`);
        // Each task: its row with Done, then Change due date and Edit task under it.
        expect(message.blocks).toHaveLength(5);
        expect(mrkdwn([message.blocks[1]!])).toBe(
          `${words.revisit}\n${words.what.revisit} · ${words.dues[0]}`,
        );
        expect(mrkdwn([message.blocks[3]!])).toBe(
          `${words.care}\n${words.what.care} · ${words.dues[1]}`,
        );
        expect(buttons(message.blocks)).toEqual(
          [revisit.id, care.id].flatMap((value) => [
            { actionId: TASK.doneOpen, text: t('task.done.button'), value, style: 'primary' },
            { actionId: TASK.dueOpen, text: t('task.due.button'), value, style: undefined },
            { actionId: TASK.editOpen, text: t('task.edit.button'), value, style: undefined },
            // A revisit: Cancel task… too (its customer may not be reached).
            ...(value === revisit.id
              ? [
                  {
                    actionId: TASK.cancelOpen,
                    text: t('task.cancel.button'),
                    value,
                    style: undefined,
                  },
                ]
              : []),
          ]),
        );
        expect(message).toMatchSnapshot();
      },
    );

    test('no row reads a full stop before its " · " (every kind built in, and typed text)', () => {
      const all = [
        ...TASK_KINDS.map((kind, i) => task({ id: `k${i}`, kind, content: undefined })),
        task({ id: 'typed', content: '带上新价目表。' }),
        task({ id: 'typed-en', content: 'Bring the new price list.' }),
      ];
      const text = mrkdwn(taskReminder(t, all, TODAY).blocks);
      expect(text).not.toMatch(/[。.] ·/u);
      expect(text).toContain('带上新价目表 · ');
      expect(text).toContain('Bring the new price list · ');
    });

    test('by default the count is the tasks given', () => {
      expect(taskReminder(t, batch, TODAY).text.split('\n')[0]).toBe(
        t('task.reminder.header', { count: 2 }),
      );
    });

    test('the notification names each task and when it is due, before its own words', () => {
      const long = task({ content: 'x'.repeat(400) });
      const text = taskReminder(t, [long], TODAY).text;
      expect(text.split('\n')[1]).toBe(
        `${taskTitle(t, long)} · ${dueText(t, long, TODAY)} · ${'x'.repeat(299)}…`,
      );
    });

    test("the ticket's number links to its card when its link is known", () => {
      const url = 'https://x.slack.com/archives/C1/p1700000000000100';
      const links = new Map([[task().ticketId!, url]]);
      const linked = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
      expect(linked(taskReminder(t, [task()], TODAY, undefined, links))).toContain(
        `<${url}|T20260007>`,
      );
      expect(linked(overdueList(t, [task()], TODAY, links))).toContain(`<${url}|T20260007>`);
      expect(linked(taskReminder(t, [task()], TODAY))).not.toContain('<https');
    });

    test('a hostile customer name lands escaped', () => {
      const message = taskReminder(t, [task({ customerName: HOSTILE })], TODAY);
      expectEscaped(mrkdwn([message.blocks[1]!]));
      expectEscaped(message.text);
    });
  });

  describe('overdueList', () => {
    test.each([
      { count: 3, more: undefined },
      { count: 20, more: undefined },
      { count: 25, more: 5 },
    ])(
      '$count overdue: at most 20 lines, each with its menu, "and N more" = $more',
      ({ count, more }) => {
        // Ids as stored (the team's prefix): each row's menu names its task without it.
        const stored = tasks(count, '2026-10-01').map((k) => ({ ...k, id: `${k.teamId}:${k.id}` }));
        const message = overdueList(t, stored, TODAY);
        expectValidMessage(message);
        const heading = t('task.overdue.header', { count });
        expect(message.text.split('\n')[0]).toBe(heading);
        const sections = Math.min(count, 20);
        const rows = message.blocks.slice(1, 1 + sections);
        expect(rows.flatMap((b) => mrkdwn([b]).split('\n'))).toHaveLength(sections);
        expect(rows.map((b) => (b as any).accessory?.action_id)).toEqual(
          rows.map(() => 'task_row_menu'),
        );
        expect(mrkdwn(message).includes(t('task.overdue.more', { count: more ?? 0 }))).toBe(
          more !== undefined,
        );
        expect(message.blocks).toHaveLength(1 + sections + (more ? 1 : 0));
        if (count === 25) expect(message).toMatchSnapshot();
      },
    );

    test('a line: the task, who has it, how late and what to do', () => {
      const [line] = mrkdwn(overdueList(t, [task({ dueDate: '2026-11-20' })], TODAY))
        .split('\n')
        .slice(1);
      expect(line).toBe(
        `• ${words.revisit} · <@UAGENT> · ${words.dues[2]} · ${words.what.revisit}`,
      );
    });

    test("a line says the task's own words, escaped and cut (a whole list within Slack's limits)", () => {
      const typed = task({ dueDate: '2026-11-20', content: 'Call <@U0BOSS> & ask about *Q4*' });
      const [line] = mrkdwn(overdueList(t, [typed], TODAY))
        .split('\n')
        .slice(1);
      expect(line).toBe(
        `• ${words.revisit} · <@UAGENT> · ${words.dues[2]} · Call &lt;@U0BOSS&gt; &amp; ask about *Q4*`,
      );
      const long = tasks(25, '2026-10-01').map((k) => ({ ...k, content: '&'.repeat(2000) }));
      const message = overdueList(t, long, TODAY);
      expectValidMessage(message);
      const rows = message.blocks.slice(1, 21).map((b) => mrkdwn([b]));
      for (const row of rows) {
        expect(row.length).toBeLessThanOrEqual(700);
        expect(row).toContain('&amp;&amp;');
      }
    });

    test('a hostile customer name lands escaped', () => {
      const message = overdueList(
        t,
        [task({ customerName: HOSTILE, dueDate: '2026-11-20' })],
        TODAY,
      );
      expectEscaped(mrkdwn([message.blocks[1]!]));
    });
  });

  describe('taskDoneModal', () => {
    const done = (x: TaskRecord) => taskDoneModal(t, x, TODAY, METADATA);

    test.each([
      {
        kind: 'revisit',
        x: revisit,
        fields: [
          'type',
          'solved',
          'done_date',
          'satisfaction',
          'nps',
          'summary',
          'feedback',
          'next_step',
          'next_step_date',
          'next_step_approver',
        ],
        required: ['type', 'solved', 'satisfaction'],
      },
      {
        kind: 'care',
        x: care,
        // A care call rates nothing: no satisfaction or NPS asked.
        fields: [
          'type',
          'done_date',
          'summary',
          'feedback',
          'next_step',
          'next_step_date',
          'next_step_approver',
        ],
        required: ['type', 'summary'],
      },
    ] as const)(
      '$kind: what the task is, the fields and which are required',
      ({ kind, x, fields, required }) => {
        const view = done(x);
        expectFormModal(t, view, {
          callbackId: TASK.doneView,
          title: 'task.done.title',
          submit: 'task.done.submit',
          metadata: METADATA,
        });
        expect(mrkdwn(view).split('\n')).toEqual([
          words[kind],
          `${words.what[kind]} · ${words.dues[1]}`,
        ]);
        expect(inputIds(view)).toEqual(fields);
        expect(requiredIds(view)).toEqual(required);
        expect(view).toMatchSnapshot();
      },
    );

    test('scores: satisfaction 1-5, NPS 0-10; a revisit asks whether it is solved', () => {
      const view = done(revisit);
      expect(optionValues(view, 'satisfaction')).toEqual(['1', '2', '3', '4', '5']);
      expect(optionValues(view, 'nps')).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
      expect(optionValues(view, 'solved')).toEqual(['yes', 'no']);
      expect(optionValues(view, 'type')).toEqual(['call', 'visit', 'email', 'meeting', 'message']);
      expect(labels(view)).toMatchObject({
        solved: t('task.field.solved'),
        satisfaction: t('task.field.satisfaction'),
        nps: t('task.field.nps'),
      });
      const summary = inputs(view).get('summary') as { hint?: { text: string } };
      expect(summary.hint?.text).toBe(t('task.hint.summary'));
      const careSummary = inputs(done(care)).get('summary') as { hint?: { text: string } };
      expect(careSummary.hint).toBeUndefined();
    });

    test('a hostile customer name lands escaped', () => {
      expectEscaped(mrkdwn(done(task({ customerName: HOSTILE }))));
    });
  });

  test.each([
    [{ solved: true, satisfaction: 5, nps: 9 }, 'task.summary.solved', 5, 9],
    [{ solved: false, satisfaction: 2, nps: 3 }, 'task.summary.unsolved', 2, 3],
    [{}, 'task.summary.solved', '-', '-'],
  ] as const)('revisitSummary %j', (outcome, key, satisfaction, nps) => {
    const summary = revisitSummary(t, revisit, outcome);
    expect(summary).toBe(t(key, { number: 'T20260007', satisfaction, nps }));
    expect(summary).toContain('T20260007');
  });
});
