import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { AppError, classifyError } from '../../src/errors.js';
import { t } from '../../src/i18n/index.js';
import { settingsSchema } from '../../src/workspace/settings.js';
import {
  blockActionSchema,
  changedFormData,
  formData,
  initialFormData,
  needRowsOf,
  parsePayload,
  readMetadata,
  viewSubmissionSchema,
} from '../../src/slack/payloads.js';

/** An option as Slack sends it back, label included. */
const option = (value: string, label = value) => ({
  text: { type: 'plain_text', text: label, emoji: true },
  value,
});

/**
 * One input of a modal: the block as it was opened (element with its initial value) and the
 * element's state as Slack submits it.
 */
interface Input {
  block: string;
  element: Record<string, unknown>;
  state: Record<string, unknown>;
}

const input = (block: string, type: string, opened: object, state: object): Input => ({
  block,
  element: { type, action_id: `${block}_input`, ...opened },
  state: { type, ...state },
});

/** A view_submission payload as Slack posts it. */
function submissionPayload(inputs: Input[], privateMetadata = '') {
  return {
    type: 'view_submission',
    team: { id: 'T0123ABCD', domain: 'acme' },
    user: { id: 'U0123ABCD', username: 'zhang.wei', team_id: 'T0123ABCD' },
    api_app_id: 'A0123APP',
    token: 'legacy',
    trigger_id: '123.456.abc',
    view: {
      id: 'V0123VIEW',
      team_id: 'T0123ABCD',
      type: 'modal',
      callback_id: 'customer_edit',
      private_metadata: privateMetadata,
      title: { type: 'plain_text', text: 'Edit customer' },
      blocks: [
        { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: '*C2026001*' } },
        { type: 'divider', block_id: 'div' },
        ...inputs.map((i) => ({
          type: 'input',
          block_id: i.block,
          label: { type: 'plain_text', text: i.block },
          optional: true,
          element: i.element,
        })),
      ],
      state: {
        values: Object.fromEntries(inputs.map((i) => [i.block, { [`${i.block}_input`]: i.state }])),
      },
      hash: '1712345678.abcdef',
    },
  };
}

/** A view_submission payload's view, parsed by the app's schema like a real one. */
function submittedView(inputs: Input[], privateMetadata = '') {
  return viewSubmissionSchema.parse(submissionPayload(inputs, privateMetadata)).view;
}

/** The Edit customer modal, opened with values, then submitted after some edits. */
const editModal = [
  input('name', 'plain_text_input', { initial_value: 'Acme Trading' }, { value: 'Acme Trading' }),
  input('region', 'plain_text_input', { initial_value: 'East China' }, { value: null }),
  input('address', 'plain_text_input', {}, { value: '12 Nanjing Rd' }),
  input('industry', 'plain_text_input', { initial_value: 'Retail' }, { value: ' Retail ' }),
  input(
    'source',
    'static_select',
    { initial_option: option('telemarketing', 'Telemarketing') },
    { selected_option: option('referral', 'Referral') },
  ),
  input('company_size', 'static_select', {}, { selected_option: null }),
  input(
    'potential',
    'static_select',
    { initial_option: option('key') },
    { selected_option: option('key') },
  ),
  input(
    'first_contact',
    'datepicker',
    { initial_date: '2026-03-01' },
    { selected_date: '2026-03-01' },
  ),
  input(
    'contract_end',
    'datepicker',
    { initial_date: '2026-12-31' },
    { selected_date: '2027-06-30' },
  ),
  input('owner', 'users_select', { initial_user: 'U0123ABCD' }, { selected_user: 'U0456EFGH' }),
  input('received_time', 'timepicker', { initial_time: '09:30' }, { selected_time: '09:30' }),
];

describe('formData', () => {
  test('flattens each block to the text of its element', () => {
    expect(formData(submittedView(editModal))).toEqual({
      name: 'Acme Trading',
      region: undefined,
      address: '12 Nanjing Rd',
      industry: ' Retail ',
      source: 'referral',
      company_size: undefined,
      potential: 'key',
      first_contact: '2026-03-01',
      contract_end: '2027-06-30',
      owner: 'U0456EFGH',
      received_time: '09:30',
    });
  });

  test.each<[string, string, object, string | undefined]>([
    ['plain_text_input', 'plain_text_input', { value: 'Acme' }, 'Acme'],
    ['empty plain_text_input', 'plain_text_input', { value: null }, undefined],
    ['static_select', 'static_select', { selected_option: option('urgent', 'Urgent') }, 'urgent'],
    [
      'external_select',
      'external_select',
      { selected_option: option('C2026001', 'Acme') },
      'C2026001',
    ],
    ['datepicker', 'datepicker', { selected_date: '2026-11-24' }, '2026-11-24'],
    ['timepicker', 'timepicker', { selected_time: '10:00', timezone: 'Asia/Shanghai' }, '10:00'],
    ['users_select', 'users_select', { selected_user: 'U0123ABCD' }, 'U0123ABCD'],
    ['empty users_select', 'users_select', { selected_user: null }, undefined],
    [
      'conversations_select',
      'conversations_select',
      { selected_conversation: 'C0123CHAN' },
      'C0123CHAN',
    ],
    ['channels_select', 'channels_select', { selected_channel: 'C0456CHAN' }, 'C0456CHAN'],
    [
      'multi_static_select',
      'multi_static_select',
      { selected_options: [option('care'), option('greetings'), option('all')] },
      'care,greetings,all',
    ],
    ['empty multi_static_select', 'multi_static_select', { selected_options: [] }, ''],
  ])('%s', (_name, type, state, value) => {
    expect(formData(submittedView([input('field', type, {}, state)]))).toEqual({ field: value });
  });

  test('a block reads its first element', () => {
    const view = submittedView([]);
    view.state.values.pair = {
      first: { type: 'plain_text_input', value: 'one' },
      second: { type: 'plain_text_input', value: 'two' },
    };
    view.state.values.none = {};
    expect(formData(view)).toEqual({ pair: 'one' });
  });
});

describe('viewSubmissionSchema', () => {
  // The envelope check leaves a view's state to the listeners: this parse holds Slack's limits.
  const withIds = (blockId: string, actionId: string) => {
    const payload = submissionPayload([]);
    payload.view.state.values = {
      [blockId]: { [actionId]: { type: 'plain_text_input', value: 'x' } },
    };
    return viewSubmissionSchema.safeParse(payload);
  };
  const long = 'b'.repeat(256);
  const longest = 'b'.repeat(255);

  test('block and action ids of up to 255 characters are read', () => {
    const parsed = withIds(longest, longest);
    expect(parsed.success && formData(parsed.data.view)).toEqual({ [longest]: 'x' });
  });

  test.each([
    ['block id', () => withIds(long, 'a')],
    ['action id', () => withIds('b', long)],
  ])('a %s past 255 characters refuses the submission', (_, parse) => {
    const parsed = parse();
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.code).toBe('invalid_key');
  });

  test("an input's state that is not an object refuses the submission", () => {
    const payload = submissionPayload([]);
    payload.view.state.values = { name: { name_input: 'x' } } as never;
    expect(viewSubmissionSchema.safeParse(payload).success).toBe(false);
  });
});

describe('initialFormData', () => {
  test('the values the inputs were opened with; other blocks are skipped', () => {
    expect(initialFormData(submittedView(editModal))).toEqual({
      name: 'Acme Trading',
      region: 'East China',
      address: undefined,
      industry: 'Retail',
      source: 'telemarketing',
      company_size: undefined,
      potential: 'key',
      first_contact: '2026-03-01',
      contract_end: '2026-12-31',
      owner: 'U0123ABCD',
      received_time: '09:30',
    });
  });
});

describe('changedFormData', () => {
  test('only what the person changed, an emptied field included', () => {
    expect(changedFormData(submittedView(editModal))).toEqual({
      region: undefined,
      address: '12 Nanjing Rd',
      source: 'referral',
      contract_end: '2027-06-30',
      owner: 'U0456EFGH',
    });
  });

  /** Whether field `f`, opened as `opened` and submitted as `state`, counts as changed. */
  const changed = (type: string, opened: object, state: object) =>
    'f' in changedFormData(submittedView([input('f', type, opened, state)]));

  test.each<[string, object, object, object]>([
    ['plain_text_input', { initial_value: 'a' }, { value: 'a' }, { value: 'b' }],
    [
      'static_select',
      { initial_option: option('a') },
      { selected_option: option('a') },
      { selected_option: option('b') },
    ],
    [
      'datepicker',
      { initial_date: '2026-01-01' },
      { selected_date: '2026-01-01' },
      { selected_date: '2026-01-02' },
    ],
    [
      'timepicker',
      { initial_time: '10:00' },
      { selected_time: '10:00' },
      { selected_time: '11:00' },
    ],
    [
      'users_select',
      { initial_user: 'U1AA' },
      { selected_user: 'U1AA' },
      { selected_user: 'U2BB' },
    ],
  ])('%s: kept as opened is no change, another value is', (type, opened, kept, other) => {
    expect(changed(type, opened, kept)).toBe(false);
    expect(changed(type, opened, other)).toBe(true);
  });

  test.each<[string, boolean, string, object, object]>([
    ['only spaces added', false, 'plain_text_input', { initial_value: 'a' }, { value: '  a ' }],
    ['text emptied', true, 'plain_text_input', { initial_value: 'a' }, { value: null }],
    ['empty text left empty', false, 'plain_text_input', {}, { value: null }],
    ['empty text given spaces only', false, 'plain_text_input', {}, { value: '   ' }],
    ['empty text filled', true, 'plain_text_input', {}, { value: 'a' }],
    ['option picked', true, 'static_select', {}, { selected_option: option('a') }],
    [
      'option cleared',
      true,
      'static_select',
      { initial_option: option('a') },
      { selected_option: null },
    ],
    ['conversation left empty', false, 'conversations_select', {}, { selected_conversation: null }],
    ['conversation picked', true, 'conversations_select', {}, { selected_conversation: 'C1AA' }],
    ['multi-select left empty', false, 'multi_static_select', {}, { selected_options: [] }],
    ['multi-select picked', true, 'multi_static_select', {}, { selected_options: [option('a')] }],
  ])('%s: changed %s', (_name, expected, type, opened, state) => {
    expect(changed(type, opened, state)).toBe(expected);
  });
});

describe('readMetadata', () => {
  test('nothing is no metadata', () => {
    expect(readMetadata('')).toEqual({});
  });

  test('metadata that is not JSON (only a forged payload has it) is no metadata, not a crash', () => {
    expect(readMetadata('{"code":')).toEqual({});
    expect(readMetadata('not json')).toEqual({});
  });

  test('every field the app carries is read back', () => {
    const meta = {
      code: 'C2026001',
      responseUrl: 'https://hooks.slack.com/commands/T0123ABCD/1/abc',
      ticket: 'T20260001',
      level: 2,
      sourceChannel: 'C0123CHAN',
      sourceTs: '1712345678.000100',
      task: '65f0c0ffee0000000000000a',
    };
    expect(readMetadata(JSON.stringify(meta))).toEqual(meta);
  });

  test('fields the app does not know are dropped', () => {
    expect(readMetadata(JSON.stringify({ code: 'C2026001', admin: true, level: 1 }))).toEqual({
      code: 'C2026001',
      level: 1,
    });
  });

  test.each([
    ['level', 4],
    ['level', '2'],
    ['code', 'C2026001 and more text'],
    ['responseUrl', 'not a url'],
    ['ticket', 20260001],
    ['task', '201 characters'.padEnd(201, '.')],
  ])('a bad %s (%j) is never passed on', (field, value) => {
    expect(
      readMetadata(JSON.stringify({ ticket: 'T20260001', [field]: value })),
    ).not.toHaveProperty(field);
  });
});

describe('tag pick lists in a submitted view (#11)', () => {
  const picks = [
    input(
      'industry_tags',
      'multi_static_select',
      { initial_options: [option('manufacturing'), option('Valves')] },
      { selected_options: [option('Valves'), option('manufacturing')] },
    ),
    input(
      'value_tags',
      'multi_static_select',
      { initial_options: [option('high-value')] },
      { selected_options: [option('high-value'), option('potential')] },
    ),
    input('need_tags', 'multi_static_select', {}, { selected_options: [] }),
  ];

  test('opened with its chosen options: joined with commas like the state', () => {
    const view = submittedView(picks);
    expect(initialFormData(view)).toMatchObject({
      industry_tags: 'manufacturing,Valves',
      value_tags: 'high-value',
      need_tags: undefined,
    });
    expect(formData(view)).toMatchObject({
      industry_tags: 'Valves,manufacturing',
      value_tags: 'high-value,potential',
      need_tags: '',
    });
  });

  test('a pick list is changed when another option is chosen', () => {
    expect(changedFormData(submittedView(picks))).toEqual({
      industry_tags: 'Valves,manufacturing',
      value_tags: 'high-value,potential',
    });
  });
});

describe('needRowsOf: the needs matrix rows as typed (#11)', () => {
  const marks = { urgency: 'customer_need_urgency', importance: 'customer_need_importance' };
  const state = {
    values: {
      need_0: { v: { type: 'plain_text_input', value: 'Spare parts' } },
      need_0_marks: {
        customer_need_urgency: { type: 'static_select', selected_option: option('urgent') },
        customer_need_importance: {
          type: 'static_select',
          selected_option: option('not_important'),
        },
      },
      need_2: { v: { type: 'plain_text_input', value: null } },
      need_2_marks: {
        customer_need_urgency: { type: 'static_select', selected_option: null },
        customer_need_importance: { type: 'static_select', selected_option: option('important') },
      },
      need_9: { v: { type: 'plain_text_input', value: 'Not a row of the modal' } },
    },
  };

  test('each row of the ids given, in their order: text and the marks chosen', () => {
    const view = viewSubmissionSchema.shape.view.shape.state.parse(state);
    expect(needRowsOf({ state: view }, [2, 0, 5], marks)).toEqual([
      { id: 2, text: undefined, urgent: undefined, important: true },
      { id: 0, text: 'Spare parts', urgent: true, important: false },
      { id: 5, text: undefined, urgent: undefined, important: undefined },
    ]);
  });

  test('the need rows of the metadata are read back; bad ones drop the metadata whole', () => {
    expect(
      readMetadata(JSON.stringify({ needRows: [0, 2], needNext: 3, needsWas: 'abc' })),
    ).toEqual({ needRows: [0, 2], needNext: 3, needsWas: 'abc' });
    expect(readMetadata(JSON.stringify({ needRows: ['x'] }))).toEqual({});
    expect(
      readMetadata(JSON.stringify({ needRows: Array.from({ length: 21 }, (_, i) => i) })),
    ).toEqual({});
  });
});

describe('parsePayload', () => {
  test('what Slack sent that does not parse is refused as invalid input, the zod error its cause', () => {
    const thrown = (() => {
      try {
        parsePayload(blockActionSchema, { type: 'block_actions', actions: 'x' });
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(AppError);
    expect(classifyError(thrown)).toMatchObject({
      code: 'INVALID_INPUT',
      messageKey: 'error.unreadable',
    });
    expect((thrown as AppError).cause).toBeInstanceOf(z.ZodError);
    for (const locale of ['en', 'zh-CN'] as const) {
      expect(t(locale, 'error.unreadable', { ref: 'E-1' })).toContain('E-1');
    }
    expect(t('zh-CN', 'error.unreadable', { ref: 'E-1' })).toContain('Slack');
  });

  test('what parses is returned as parsed', () => {
    expect(parsePayload(z.string().transform(Number), '12')).toBe(12);
  });

  test('our own stored data that fails its schema stays an internal error', () => {
    const thrown = (() => {
      try {
        settingsSchema.parse({ locale: 5 });
      } catch (error) {
        return error;
      }
    })();
    expect(classifyError(thrown).code).toBe('INTERNAL');
  });
});
