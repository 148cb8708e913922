import { describe, expect, test } from 'vitest';
import type { HeaderBlock, ModalView } from '@slack/types';
import { SYSTEM_ACTOR } from '../../../src/context.js';
import { CUSTOMER_FIELDS } from '../../../src/customer/fields.js';
import type { CustomerRecord } from '../../../src/customer/types.js';
import {
  catalogues,
  LOCALES,
  translator,
  type MessageKey,
  type Translate,
} from '../../../src/i18n/index.js';
import {
  customerCard,
  customerList,
  customerModal,
  customerOption,
  historyMessage,
  interactionModal,
  isNeedRowBlock,
  NEED_ROWS_MAX,
  needRowBlocks,
  needRowsFromForm,
  orderModal,
  deliveryModal,
  tagPickOptions,
  tierText,
  withNeedRows,
  type CardExtras,
  type CustomerModalInput,
} from '../../../src/ui/customer.js';
import { formatAmount, formatPercent } from '../../../src/ui/format.js';
import { CUSTOMER, TASK, TICKET } from '../../../src/ui/ids.js';
import {
  HOSTILE,
  TIME_ZONE,
  TODAY,
  change,
  contact,
  customer,
  customerForm,
  interaction,
} from '../../helpers/records.js';
import {
  buttons,
  element,
  expectEscaped,
  expectFormModal,
  expectValidMessage,
  expectValidView,
  initialValue,
  inputIds,
  inputs,
  labels,
  mrkdwn,
  optionValues,
  requiredIds,
} from '../../helpers/ui.js';
import { keep, mention, slackTime } from '../../../src/ui/text.js';

/** A time as the card shows it: Slack's date token, the workspace's time (Shanghai) as fallback. */
const at = (local: string) => slackTime(new Date(`${local.replace(' ', 'T')}:00+08:00`), TIME_ZONE);

const METADATA = JSON.stringify({ code: 'C2026001', responseUrl: 'https://hooks.example/r' });

/** A few words as each catalogue has them, so a test cannot pass in the wrong language. */
const WORDS = {
  en: {
    strategic: 'Strategic',
    key: 'Key',
    edit: 'Edit',
    empty: '(empty)',
    revenue: '480,000 CNY → 1,250,000 CNY',
    budget: '300,000 CNY',
    override: 'Key: Strategic partner',
  },
  'zh-CN': {
    strategic: '战略客户',
    key: '重点客户',
    edit: '编辑',
    empty: '（空）',
    revenue: '48万元 → 125万元',
    budget: '30万元',
    override: '重点客户：Strategic partner',
  },
} as const;

/** The contact's fields Edit shows. */
const CONTACT_EDIT_FIELDS = [
  'contact_name',
  'contact_role',
  'contact_title',
  'contact_phone',
  'contact_email',
  'contact_im',
  'contact_birthday',
  'contact_channel',
  'contact_opt_outs',
];
/** The tags, then each tag family: its pick list, and the free text beside it for a new value. */
const TAG_FIELDS = [
  'tags',
  'industry_tags',
  'industry_tags_other',
  'value_tags',
  'value_tags_other',
  'need_tags',
  'need_tags_other',
];
/**
 * The customer form's fields in modal order, by section, the required ones first: New shows
 * these (Basics, Owner and source, Company, Primary contact, Commercial) ...
 */
const CREATE_SECTIONS: [MessageKey, string[]][] = [
  ['customer.section.basics', ['name', 'industry']],
  ['customer.section.owner', ['source', 'first_contact', 'owner']],
  [
    'customer.section.company',
    ['customer_type', 'company_size', 'occupation', 'region', ...TAG_FIELDS],
  ],
  ['customer.section.contact', ['contact_name', 'contact_title', 'contact_phone', 'contact_email']],
  ['customer.section.commercial', ['annual_revenue', 'potential']],
];
const CREATE_FIELDS = CREATE_SECTIONS.flatMap(([, f]) => f);
const REQUIRED = ['name', 'industry', 'source', 'first_contact', 'owner'];
/** ... Edit adds the lifecycle, the rest of the contact, contract end, and the needs ... */
const EDIT_SECTIONS: [MessageKey, string[]][] = [
  ['customer.section.basics', ['name', 'industry', 'lifecycle']],
  CREATE_SECTIONS[1]!,
  [
    'customer.section.company',
    ['customer_type', 'company_size', 'occupation', 'region', 'address', ...TAG_FIELDS],
  ],
  ['customer.section.contact', CONTACT_EDIT_FIELDS],
  [
    'customer.section.commercial',
    ['annual_revenue', 'potential', 'contract_end', 'cooperation_start', 'project_until'],
  ],
  ['customer.section.needs', NEEDS_FIELDS()],
  ['customer.section.notes', ['notes']],
];
function NEEDS_FIELDS() {
  return [
    'needs_stated',
    'needs_implicit',
    'needs_products',
    'needs_budget',
    'needs_cycle',
    // The needs matrix: a row per need (customerForm() has two).
    'need_0',
    'need_1',
    'competitor_contact',
  ];
}
const EDIT_FIELDS = EDIT_SECTIONS.flatMap(([, f]) => f);
/** ... and managers and admins get the override. */
const OVERRIDE_FIELDS = ['tier_override', 'tier_override_reason'];

/** Every field the change log names, with the label History shows for it. */
const CHANGE_LABELS: [string, MessageKey][] = [
  ['name', 'customer.field.name'],
  ['industry', 'customer.field.industry'],
  ['source', 'customer.field.source'],
  ['firstContactDate', 'customer.field.firstContact'],
  ['ownerId', 'customer.field.owner'],
  ['companySize', 'customer.field.companySize'],
  ['region', 'customer.field.region'],
  ['address', 'customer.field.address'],
  // Amounts say their currency: the label does not say it again (History).
  ['annualRevenue', 'customer.history.field.annualRevenue'],
  ['contact.name', 'customer.field.contactName'],
  ['contact.title', 'customer.field.contactTitle'],
  ['contact.phone', 'customer.field.contactPhone'],
  ['contact.email', 'customer.field.contactEmail'],
  ['tags', 'customer.field.tags'],
  ['potential', 'customer.field.potential'],
  ['lifecycle', 'customer.field.lifecycle'],
  ['contractEndDate', 'customer.field.contractEnd'],
  ['cooperationStartDate', 'customer.field.cooperationStart'],
  ['projectUntil', 'customer.field.projectUntil'],
  ['tier', 'customer.field.tier'],
  ['computedTier', 'customer.field.computedTier'],
  ['tierOverride', 'customer.field.tierOverride'],
  ['contact.im', 'customer.field.contactIm'],
  ['contact.birthday', 'customer.field.contactBirthday'],
  ['contact.preferredChannel', 'customer.field.contactChannel'],
  ['contact.optOuts', 'customer.field.contactOptOuts'],
  ['needs.stated', 'customer.field.needsStated'],
  ['needs.implicit', 'customer.field.needsImplicit'],
  ['needs.productPreferences', 'customer.field.needsProducts'],
  ['needs.budget', 'customer.history.field.needsBudget'],
  ['needs.purchaseCycle', 'customer.field.needsCycle'],
  ['needs.items', 'customer.field.needsMatrix'],
  ['customerType', 'customer.field.customerType'],
  ['occupation', 'customer.field.occupation'],
  ['industryTags', 'customer.field.industryTags'],
  ['valueTags', 'customer.field.valueTags'],
  ['needTags', 'customer.field.needTags'],
  ['notes', 'customer.field.notes'],
  ['contact.role', 'customer.field.contactRole'],
  ['contacts.primary', 'customer.field.primaryContact'],
  ['competitorContact', 'customer.field.competitorContact'],
];

/** One change per field above, values as the change log stores them. */
const CHANGE_VALUES: Record<string, [unknown, unknown]> = {
  source: ['website', 'referral'],
  ownerId: ['UOLD', 'UOWNER'],
  companySize: ['50-199', '200-999'],
  annualRevenue: [480_000, 1_250_000],
  potential: ['ordinary', 'key'],
  lifecycle: ['prospect', 'active'],
  tier: ['key', 'strategic'],
  computedTier: ['normal', 'key'],
  tierOverride: [null, 'key: Strategic partner'],
  'needs.budget': [undefined, 300_000],
  customerType: ['company', 'person'],
  'contact.role': [null, 'daily'],
  competitorContact: [true, false],
};
const allChanges = () =>
  CHANGE_LABELS.map(([field], i) => {
    const [oldValue, newValue] = CHANGE_VALUES[field] ?? ['', `value ${i}`];
    return change({ field, oldValue, newValue, at: new Date(Date.UTC(2026, 10, 20, 1, i)) });
  });

/** The customer modal in `t`, a `mode` one (CNY, no override, revenue typed) with `input` over it. */
const modalIn = (
  t: Translate,
  mode: CustomerModalInput['mode'],
  input: Partial<CustomerModalInput>,
) =>
  customerModal(t, {
    mode,
    values: {},
    metadata: METADATA,
    currency: 'CNY',
    showOverride: false,
    revenueFromOrders: false,
    ...input,
  });

describe('formatAmount', () => {
  test.each([
    [undefined, '0 CNY', '0元'],
    [0, '0 CNY', '0元'],
    [1_200_000, '1,200,000 CNY', '120万元'],
    [1_250_000, '1,250,000 CNY', '125万元'],
    [150_000_000, '150,000,000 CNY', '1.5亿元'],
    [1_234_500, '1,234,500 CNY', '123.45万元'],
    [1_234_567, '1,234,567 CNY', '1,234,567元'],
    [3_500, '3,500 CNY', '3,500元'],
    [1234.567, '1,234.57 CNY', '1,234.57元'],
    [0.5, '0.5 CNY', '0.5元'],
  ])('%s reads %s in English and %s in Chinese', (amount, en, zh) => {
    expect(formatAmount(amount, 'CNY', 'en')).toBe(en);
    expect(formatAmount(amount, 'CNY', 'zh-CN')).toBe(zh);
  });

  test('another currency keeps its code in Chinese too', () => {
    expect(formatAmount(1_200_000, 'USD', 'zh-CN')).toBe('120万 USD');
    expect(formatAmount(1_200_000, 'USD', 'en')).toBe('1,200,000 USD');
  });

  test('percentages carry one decimal', () => {
    expect(formatPercent(14 / 15, 'en')).toBe('93.3%');
    expect(formatPercent(1, 'zh-CN')).toBe('100.0%');
  });
});

describe('customerOption', () => {
  test('picker option: code and name, the code as value', () => {
    expect(customerOption({ code: 'C2026001', name: 'Acme Ltd' })).toMatchInlineSnapshot(`
      {
        "text": {
          "emoji": true,
          "text": "C2026001 Acme Ltd",
          "type": "plain_text",
        },
        "value": "C2026001",
      }
    `);
  });

  test('a long name is cut to the 75 characters Slack allows, the code kept whole', () => {
    const option = customerOption({ code: 'C2026001', name: '长'.repeat(100) });
    expect(option.text.text).toHaveLength(75);
    expect(option.text.text.startsWith('C2026001 长')).toBe(true);
    expect(option.text.text.endsWith('…')).toBe(true);
    expect(option.value).toBe('C2026001');
  });
});

/** The modal's header texts, in order. */
function headings(view: ModalView): string[] {
  return view.blocks.flatMap((b) => (b.type === 'header' ? [(b as HeaderBlock).text.text] : []));
}

/** The input ids under each header, in order: [heading, ids]. */
function bySection(view: ModalView): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const b of view.blocks) {
    if (b.type === 'header') out.push([(b as HeaderBlock).text.text, []]);
    else if (b.type === 'input') out.at(-1)![1].push(b.block_id!);
  }
  return out;
}

describe.each(LOCALES)('no label says "(optional)" itself (%s): Slack adds it', (locale) => {
  const OPTIONAL = /\(optional\)|（选填）|（可选）|\(选填\)|\(可选\)/i;

  test('no field label in the catalogue', () => {
    const said = Object.entries(catalogues[locale]).filter(
      ([key, text]) => /\.field\./.test(key) && OPTIONAL.test(text),
    );
    expect(said).toEqual([]);
  });

  test('no label of the customer, interaction and order modals', () => {
    const t = translator(locale);
    const base = { values: {}, metadata: '', currency: 'CNY', revenueFromOrders: false };
    const views = [
      customerModal(t, { ...base, mode: 'create', showOverride: true }),
      customerModal(t, { ...base, mode: 'edit', showOverride: true }),
      interactionModal(t, { name: 'Acme', today: TODAY, metadata: '' }),
      orderModal(t, { name: 'Acme', today: TODAY, currency: 'CNY', metadata: '' }),
    ];
    for (const view of views)
      for (const [id, label] of Object.entries(labels(view)))
        expect(label, id).not.toMatch(OPTIONAL);
  });
});

describe.each(LOCALES)('customer builders in %s', (locale) => {
  const t = translator(locale);
  const words = WORDS[locale];

  describe('customerModal', () => {
    const modal = (input: Partial<CustomerModalInput>) => modalIn(t, 'create', input);

    test.each([
      { mode: 'create', showOverride: false, fields: CREATE_FIELDS },
      { mode: 'create', showOverride: true, fields: [...CREATE_FIELDS, ...OVERRIDE_FIELDS] },
      { mode: 'edit', showOverride: false, fields: EDIT_FIELDS },
      { mode: 'edit', showOverride: true, fields: [...EDIT_FIELDS, ...OVERRIDE_FIELDS] },
    ] as const)(
      '$mode, override fields $showOverride: the form fields the parser reads, in order',
      ({ mode, showOverride, fields }) => {
        const view = modal({
          mode,
          showOverride,
          values: mode === 'edit' ? customerForm() : {},
        });
        expectFormModal(t, view, {
          callbackId: mode === 'create' ? CUSTOMER.createView : CUSTOMER.editView,
          title: mode === 'create' ? 'customer.modal.newTitle' : 'customer.modal.editTitle',
          submit: mode === 'create' ? 'customer.modal.createSubmit' : 'modal.save',
          // Edit carries its need rows' ids and the next id Add need gives.
          metadata:
            mode === 'edit'
              ? JSON.stringify({ ...JSON.parse(METADATA), needRows: [0, 1], needNext: 2 })
              : METADATA,
        });
        expect(inputIds(view)).toEqual(fields);
        expect(
          fields.filter((f) => !Object.hasOwn(CUSTOMER_FIELDS, f) && !/_other$|^need_\d+$/.test(f)),
        ).toEqual([]);
        expect(headings(view).includes(t('customer.section.override'))).toBe(showOverride);
        expect(view).toMatchSnapshot();
      },
    );

    test.each([
      ['create', CREATE_SECTIONS],
      ['edit', EDIT_SECTIONS],
    ] as const)('%s: the fields under their section headings, in order', (mode, sections) => {
      const view = modal({
        mode,
        showOverride: true,
        values: mode === 'edit' ? customerForm() : {},
      });
      const expected = [
        ...sections,
        ['customer.section.override', ['tier_override', 'tier_override_reason']] as [
          MessageKey,
          string[],
        ],
      ].map(([heading, ids]) => [t.plain(heading), ids]);
      expect(bySection(view)).toEqual(expected);
      // a divider between sections, none before the first
      expect(view.blocks[0]?.type).toBe('header');
      view.blocks.forEach((b, i) => {
        if (b.type === 'header' && i > 0) expect(view.blocks[i - 1]?.type).toBe('divider');
      });
    });

    test.each(['create', 'edit'] as const)(
      '%s: the required fields come before every optional one',
      (mode) => {
        const view = modal({
          mode,
          showOverride: true,
          values: mode === 'edit' ? customerForm() : {},
        });
        const ids = inputIds(view);
        const required = requiredIds(view);
        expect(ids.slice(0, required.length)).toEqual(required);
        expect(required).toEqual(
          mode === 'edit'
            ? ['name', 'industry', 'lifecycle', 'source', 'first_contact', 'owner']
            : REQUIRED,
        );
      },
    );

    test.each(['create', 'edit'] as const)(
      '%s: every input shows a placeholder; text inputs an example ("e.g." / "如：")',
      (mode) => {
        const view = modal({ mode, showOverride: true });
        for (const id of inputIds(view)) {
          const el = element(view, id);
          const placeholder = (el.placeholder as { text: string } | undefined)?.text;
          expect(placeholder, id).toBeTruthy();
          expect(placeholder!.length, id).toBeLessThanOrEqual(150);
          if (el.type === 'plain_text_input') expect(placeholder, id).toMatch(/^(e\.g\. |如：)/);
        }
        expect(element(view, 'name').placeholder).toMatchObject({
          text: t.plain('customer.placeholder.name'),
        });
        expect(element(view, 'contact_phone').placeholder).toMatchObject({
          text: t.plain('customer.placeholder.contactPhone'),
        });
      },
    );

    test('service staff (serviceOnly): only the service fields, still under their headings', () => {
      const view = modal({ mode: 'edit', serviceOnly: true, values: customerForm() });
      expect(bySection(view)).toEqual([
        [t.plain('customer.section.company'), ['region', 'address', ...TAG_FIELDS]],
        [t.plain('customer.section.contact'), CONTACT_EDIT_FIELDS],
        [t.plain('customer.section.notes'), ['notes']],
      ]);
    });

    test('tags: labelled as tags with a hint, the current ones as chips under the input', () => {
      const view = modal({
        mode: 'edit',
        values: customerForm({ tags: 'vip, 价格敏感, <!here>' }),
      });
      expect(labels(view).tags).toBe(t.plain('customer.field.tags'));
      expect(labels(view).tags).not.toMatch(/comma|逗号/);
      const block = inputs(view).get('tags') as { hint?: { text: string } };
      expect(block.hint?.text).toBe(t.plain('customer.modal.tagsHint'));
      const i = view.blocks.findIndex((b) => b.type === 'input' && b.block_id === 'tags');
      expect(view.blocks[i + 1]?.type).toBe('context');
      expect(mrkdwn([view.blocks[i + 1]!])).toBe(
        t.plain('customer.modal.currentTags', { tags: '`vip` `价格敏感` `&lt;!here&gt;`' }),
      );
      // New, or no tags yet: no chips
      const none = modal({});
      expect(none.blocks.some((b) => b.type === 'context')).toBe(false);
    });

    test('New: empty, and only name, industry, source, first contact and owner are required', () => {
      const view = modal({ showOverride: true });
      for (const id of inputIds(view)) expect(initialValue(view, id), id).toBeUndefined();
      expect(requiredIds(view)).toEqual(REQUIRED);
      expect(labels(view)).toMatchObject({
        name: t('customer.field.name'),
        owner: t('customer.field.owner'),
        annual_revenue: t('customer.field.annualRevenue', { currency: 'CNY' }),
      });
      expect(element(view, 'owner').type).toBe('users_select');
      expect(element(view, 'first_contact').type).toBe('datepicker');
    });

    test('Edit: every field shows its current value', () => {
      const values = customerForm();
      const view = modal({ mode: 'edit', showOverride: true, values });
      const shown = Object.fromEntries(inputIds(view).map((id) => [id, initialValue(view, id)]));
      // A tag family's current tags are chosen in its pick list; nothing is left beside it.
      for (const family of ['industry_tags', 'value_tags', 'need_tags']) {
        const chosen = element(view, family).initial_options as { value: string }[];
        shown[family] = chosen.map((o) => o.value).join(', ');
        expect(shown[`${family}_other`]).toBeUndefined();
        delete shown[`${family}_other`];
      }
      // The needs matrix: a row per need, its marks chosen beside it.
      const { needs_matrix: matrix, ...rest } = values;
      expect(matrix).toBe('Spare parts in 48 h (urgent, important)\nTraining (important)');
      expect([shown.need_0, shown.need_1]).toEqual(['Spare parts in 48 h', 'Training']);
      delete shown.need_0;
      delete shown.need_1;
      expect(shown).toEqual(rest);
      const marks = (id: string) =>
        (
          view.blocks.find((b) => b.block_id === id) as unknown as {
            elements: Record<string, unknown>[];
          }
        ).elements.map(
          (e) => (e.initial_option as { value: string } | undefined)?.value ?? e.value,
        );
      expect(marks('need_0_marks')).toEqual(['urgent', 'important', '0']);
      expect(marks('need_1_marks')).toEqual(['not_urgent', 'important', '1']);
    });

    test('Edit: a chosen value shows its catalogue label', () => {
      const view = modal({ mode: 'edit', showOverride: true, values: customerForm() });
      const chosen = (id: string) => {
        const option = element(view, id).initial_option as { text: { text: string } };
        return option.text.text;
      };
      expect(chosen('tier_override')).toBe(words.key);
      expect(chosen('source')).toBe(t('source.referral'));
      expect(chosen('lifecycle')).toBe(t('lifecycle.active'));
      expect(chosen('company_size')).toBe(t('size.200-999'));
      expect(chosen('customer_type')).toBe(t('customerType.person'));
      expect(chosen('contact_role')).toBe(t('contactRole.main'));
      expect(optionValues(view, 'tier_override')).toEqual(['strategic', 'key', 'normal']);
    });

    test('Edit: the budget label names the customer currency', () => {
      const view = modal({ mode: 'edit', values: customerForm(), currency: 'USD' });
      expect(labels(view).needs_budget).toBe(t('customer.field.needsBudget', { currency: 'USD' }));
      expect(labels(view).annual_revenue).toContain('USD');
    });

    test.each([
      [false, 'customer.modal.revenueHint'],
      [true, 'customer.modal.revenueFromOrders'],
    ] as const)('revenue from orders %s: the hint says %s', (revenueFromOrders, hint) => {
      const view = modal({ revenueFromOrders });
      const block = inputs(view).get('annual_revenue') as { hint?: { text: string } };
      expect(block.hint?.text).toBe(t(hint));
    });

    test('Edit with hostile values: they fill the inputs as they are (plain text, not mrkdwn)', () => {
      const view = modal({ mode: 'edit', values: customerForm({ name: HOSTILE }) });
      expectValidView(view);
      expect(initialValue(view, 'name')).toBe(HOSTILE);
    });
  });

  const modal = (input: Partial<CustomerModalInput>) => modalIn(t, 'edit', input);

  describe('tag pick lists (#11)', () => {
    const suggested = (family: 'industry' | 'value' | 'needs') =>
      t.plain(`customer.tagSuggestions.${family}`).split(/,\s*/);

    test('the manuals suggestions in this language, the customer tags, then the workspace tags in use, once each', () => {
      const values = tagPickOptions(
        t,
        'industry',
        ['Valves', suggested('industry')[0]!],
        ['Pumps', 'Valves', 'Ｖａｌｖｅｓ'],
      ).map((o) => o.value);
      expect(values).toEqual([...suggested('industry'), 'Valves', 'Pumps']);
      expect(suggested('value')).toHaveLength(2);
      expect(suggested('needs')).toHaveLength(6);
    });

    test('at most 100 options, the customer tags kept; none longer than Slack allows', () => {
      const inUse = Array.from({ length: 150 }, (_, i) => `tag ${String(i).padStart(3, '0')}`);
      const opts = tagPickOptions(t, 'value', ['mine'], [...inUse, 'x'.repeat(76)]);
      expect(opts).toHaveLength(100);
      expect(opts.map((o) => o.value)).toContain('mine');
      expect(opts.every((o) => o.value!.length <= 75 && o.text.text.length <= 75)).toBe(true);
    });

    test('Edit: the current tags chosen, the workspace tags offered, free text beside', () => {
      const view = modal({
        mode: 'edit',
        values: customerForm({ industry_tags: 'Valves, manufacturing' }),
        tagsInUse: { industry: ['Pumps', 'Valves'] },
      });
      expectValidView(view);
      const el = element(view, 'industry_tags');
      expect(el.type).toBe('multi_static_select');
      expect(optionValues(view, 'industry_tags')).toEqual(
        [...suggested('industry'), 'Valves', 'manufacturing', 'Pumps'].filter(
          (v, i, all) => all.indexOf(v) === i,
        ),
      );
      expect((el.initial_options as { value: string }[]).map((o) => o.value)).toEqual([
        'Valves',
        'manufacturing',
      ]);
      expect(labels(view).industry_tags_other).toBe(t.plain('customer.field.industryTagsOther'));
      expect(labels(view).value_tags_other).toBe(t.plain('customer.field.valueTagsOther'));
      expect(labels(view).need_tags_other).toBe(t.plain('customer.field.needTagsOther'));
      expect(initialValue(view, 'industry_tags_other')).toBeUndefined();
    });
  });

  describe('need rows (#11)', () => {
    test('a row per need: its text, then urgency, importance and Remove beside it; Add need last', () => {
      const blocks = needRowBlocks(t, [
        { id: 0, text: 'Spare parts', urgent: true, important: false },
        { id: 3 },
      ]);
      expect(blocks.map((b) => [b.type, b.block_id])).toEqual([
        ['input', 'need_0'],
        ['actions', 'need_0_marks'],
        ['input', 'need_3'],
        ['actions', 'need_3_marks'],
        ['actions', 'needs_add'],
      ]);
      const [text0, marks0, text3, marks3, add] = blocks as any[];
      expect(text0.label.text).toBe(t.plain('customer.needs.row', { n: 1 }));
      expect(text3.label.text).toBe(t.plain('customer.needs.row', { n: 2 }));
      expect(text0.optional).toBe(true);
      expect(text0.element).toMatchObject({ initial_value: 'Spare parts', max_length: 300 });
      expect(text3.element.initial_value).toBeUndefined();
      const [urgency, importance, remove] = marks0.elements;
      expect(urgency).toMatchObject({
        action_id: CUSTOMER.needUrgency,
        initial_option: { value: 'urgent', text: { text: t.plain('customer.needs.urgent') } },
      });
      expect(urgency.options.map((o: any) => o.text.text)).toEqual([
        t.plain('customer.needs.urgent'),
        t.plain('customer.needs.notUrgent'),
      ]);
      expect(importance).toMatchObject({
        action_id: CUSTOMER.needImportance,
        initial_option: { value: 'not_important' },
      });
      expect(remove).toMatchObject({
        action_id: CUSTOMER.needRemove,
        value: '0',
        text: { text: t.plain('customer.needs.remove') },
      });
      // Marks not chosen yet show their prompt.
      expect(marks3.elements[0].initial_option).toBeUndefined();
      expect(marks3.elements[0].placeholder.text).toBe(t.plain('customer.needs.urgency'));
      expect(add.elements[0]).toMatchObject({
        action_id: CUSTOMER.needAdd,
        text: { text: t.plain('customer.needs.add') },
      });
    });

    test('at 20 rows there is no Add need; the Edit modal stays within 100 blocks', () => {
      const rows = Array.from({ length: NEED_ROWS_MAX }, (_, id) => ({ id, text: `Need ${id}` }));
      expect(needRowBlocks(t, rows).some((b) => b.block_id === 'needs_add')).toBe(false);
      const view = modal({
        mode: 'edit',
        showOverride: true,
        values: customerForm(),
        needRows: rows,
      });
      expectValidView(view);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
    });

    test('rows from the form text: one per need, or one empty row', () => {
      expect(needRowsFromForm('Spare parts (urgent, important)\nTraining')).toEqual([
        { id: 0, text: 'Spare parts', urgent: true, important: true },
        { id: 1, text: 'Training', urgent: false, important: false },
      ]);
      expect(needRowsFromForm(undefined)).toEqual([{ id: 0 }]);
    });

    test('the metadata carries the row ids and the next id, never lower than before', () => {
      expect(JSON.parse(withNeedRows(METADATA, [{ id: 0 }, { id: 4 }]))).toEqual({
        ...JSON.parse(METADATA),
        needRows: [0, 4],
        needNext: 5,
      });
      const before = JSON.stringify({ code: 'C2026001', needRows: [0, 4], needNext: 5 });
      expect(JSON.parse(withNeedRows(before, [{ id: 0 }]))).toMatchObject({
        needRows: [0],
        needNext: 5,
      });
    });

    test('which blocks are the rows (what Add and Remove rebuild)', () => {
      expect(['need_0', 'need_12_marks', 'needs_add'].every(isNeedRowBlock)).toBe(true);
      expect(['needs_matrix', 'needs_stated', 'need_tags', undefined].some(isNeedRowBlock)).toBe(
        false,
      );
    });
  });

  describe('customerCard', () => {
    const extras = (over: Partial<CardExtras> = {}): CardExtras => ({
      timeZone: TIME_ZONE,
      openTickets: 2,
      interactions: [interaction()],
      ...over,
    });
    const fields = (c = customer(), over: Partial<CardExtras> = {}) => {
      const block = customerCard(t, c, extras(over)).blocks[1] as { fields: { text: string }[] };
      return block.fields.map((f) => f.text);
    };

    test('the needs matrix grouped by quadrant: urgent and important, important, urgent, neither (#11)', () => {
      const need = (text: string, urgent: boolean, important: boolean) => ({
        text,
        urgent,
        important,
      });
      const c = customer({
        needs: {
          items: [
            need('Nicer invoices', false, false),
            need('Call back today', true, false),
            need('Spare parts <48 h> & valves', true, true),
            need('Training', false, true),
            need('Spare valves', true, true),
          ],
        },
      });
      const card = customerCard(t, c, extras());
      expectValidMessage(card);
      expect(mrkdwn(card)).toContain(
        [
          `*${t('customer.field.needsMatrix')}*`,
          `_${t('customer.card.quadrantUrgentImportant')}_`,
          '• Spare parts &lt;48 h&gt; &amp; valves',
          '• Spare valves',
          `_${t('customer.card.quadrantImportant')}_`,
          '• Training',
          `_${t('customer.card.quadrantUrgent')}_`,
          '• Call back today',
          `_${t('customer.card.quadrantNeither')}_`,
          '• Nicer invoices',
        ].join('\n'),
      );
    });

    test('valid; header, fallback text and key figures in the catalogue wording', () => {
      const card = customerCard(t, customer(), extras());
      expectValidMessage(card);
      expect(card.text).toBe(
        `${t.plain('customer.nameCode', { name: 'Acme Ltd', code: 'C2026001' })} · ${words.strategic}`,
      );
      expect(card.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: 'Acme Ltd · C2026001' },
      });
      expect(fields()).toEqual([
        `*${t('customer.field.tier')}*\n${words.strategic}`,
        `*${t('customer.field.lifecycle')}*\n${t('lifecycle.active')}`,
        `*${t('customer.field.owner')}*\n<@UOWNER>`,
        `*${t('customer.card.annualPurchases')}*\n${words.revenue.split(' → ')[1]}`,
        `*${t('customer.field.industry')}*\nManufacturing`,
        `*${t('customer.field.source')}*\n${t('source.referral')}`,
        `*${t('customer.field.lastInteraction')}*\n${at('2026-11-23 10:00')}`,
        `*${t('customer.field.potential')}*\n${t('potential.key')}`,
        `*${t('customer.field.openTickets')}*\n2`,
      ]);
      expect(card).toMatchSnapshot();
    });

    test('buttons: New ticket, New task, Edit, Contacts, Log interaction, Record order, Record delivery, History, Link a channel, each with the code', () => {
      const card = customerCard(t, customer(), extras());
      expect(buttons(card.blocks)).toEqual(
        [
          [TICKET.newFromCustomer, 'customer.button.newTicket'],
          [TASK.newOpen, 'task.new.button'],
          [CUSTOMER.editButton, 'customer.button.edit'],
          [CUSTOMER.contactsButton, 'customer.button.contacts'],
          [CUSTOMER.interactionButton, 'customer.button.logInteraction'],
          [CUSTOMER.orderButton, 'customer.button.recordOrder'],
          [CUSTOMER.deliveryButton, 'customer.button.recordDelivery'],
          [CUSTOMER.historyButton, 'customer.button.history'],
          [CUSTOMER.channelButton, 'channel.button'],
        ].map(([actionId, label]) => ({
          actionId,
          text: t(label as MessageKey),
          value: 'C2026001',
          style: undefined,
        })),
      );
      expect(buttons(card.blocks)[2]?.text).toBe(words.edit);
    });

    test('an overridden tier shows the override, the computed tier and the reason', () => {
      const c = customer({
        tier: 'key',
        computedTier: 'strategic',
        tierOverride: { tier: 'key', reason: 'Group policy', by: 'UMANAGER', at: new Date(0) },
      });
      const expected = t('customer.card.tierOverridden', {
        tier: words.key,
        computed: words.strategic,
        reason: 'Group policy',
      });
      expect(tierText(t, c, (text) => text)).toBe(expected);
      expect(tierText(t, customer(), (text) => text)).toBe(words.strategic);
      expect(fields(c)[0]).toBe(`*${t('customer.field.tier')}*\n${expected}`);
      // The notification names the tier in effect, not the computed one.
      expect(customerCard(t, c, extras()).text).toBe(
        `${t.plain('customer.nameCode', { name: 'Acme Ltd', code: 'C2026001' })} · ${words.key}`,
      );
    });

    test('a customer with nothing yet: no contacts, never contacted, no optional sections', () => {
      const c = customer({ contacts: [], lastInteractionAt: undefined, tags: [] });
      const card = customerCard(t, c, extras({ interactions: [], openTickets: 0 }));
      expectValidMessage(card);
      expect(mrkdwn(card)).toContain(t('customer.card.noContacts'));
      expect(fields(c, { interactions: [] })[6]).toBe(
        `*${t('customer.field.lastInteraction')}*\n${t('customer.card.never')}`,
      );
      expect(card.blocks.map((b) => b.type)).toEqual([
        'header',
        'section',
        'section',
        'section',
        'actions',
      ]);
    });

    test.each<[string, Partial<CustomerRecord>, MessageKey]>([
      ['tags', { tags: ['vip', 'east'] }, 'customer.field.tags'],
      ['contract end', { contractEndDate: '2027-06-30' }, 'customer.field.contractEnd'],
      ['competitor contact', { competitorContact: true }, 'customer.card.competitor'],
      ['stated needs', { needs: { stated: 'Faster delivery' } }, 'customer.field.needsStated'],
    ])('%s shown only when the customer has them', (_, has, label) => {
      const without = customerCard(t, customer({ tags: [] }), extras());
      const withIt = customerCard(t, customer({ tags: [], ...has }), extras());
      expect(mrkdwn(without)).not.toContain(t(label));
      expect(mrkdwn(withIt)).toContain(t(label));
    });

    test('contacts: name, title, phone and email of at most five', () => {
      const people = Array.from({ length: 6 }, (_, i) => contact({ name: `Person ${i + 1}` }));
      const text = mrkdwn(customerCard(t, customer({ contacts: people }), extras()));
      expect(text).toContain('*Person 1* · Purchasing manager · 138****5678 · z***@example.com');
      expect(text).toContain('Person 5');
      expect(text).not.toContain('Person 6');
      expect(text).toContain(t('customer.card.moreContacts', { count: 1 }));
    });

    test('recent interactions: when, type, who, summary and the next step with its date', () => {
      const text = mrkdwn(customerCard(t, customer(), extras()));
      // The date in the language's brackets: full-width in Chinese, no space before them.
      const by = locale === 'zh-CN' ? '（2026-11-30）' : ' (2026-11-30)';
      expect(text).toContain(
        `${at('2026-11-23 10:00')} · ${t('interaction.call')} · <@UAGENT> · Asked about the renewal → Send the quote${by}`,
      );
    });

    test('hostile text in every user field lands escaped in mrkdwn', () => {
      const c = customer({
        industry: HOSTILE,
        tags: [HOSTILE],
        contacts: [contact({ name: HOSTILE, title: HOSTILE })],
        needs: { stated: HOSTILE },
      });
      const card = customerCard(
        t,
        c,
        extras({ interactions: [interaction({ summary: HOSTILE, nextStep: HOSTILE })] }),
      );
      expectValidMessage(card);
      // contacts, recent interactions, stated needs, tags: each escaped
      const sections = card.blocks.slice(3, 7);
      expect(sections.map((b) => b.type)).toEqual(['section', 'section', 'section', 'context']);
      for (const block of sections) expectEscaped(mrkdwn([block]));
      expectEscaped(fields(c)[4]!);
    });
  });

  describe('customerList', () => {
    const items = [
      customer(),
      customer({ code: 'C2026002', name: 'Beta Co', tier: 'normal', lifecycle: 'prospect' }),
    ];

    test.each([
      { total: 2, more: undefined },
      { total: 12, more: 10 },
    ])('$total found, 2 shown: "and N more" = $more', ({ total, more }) => {
      const list = customerList(t, 'acme', items, total);
      expectValidMessage(list);
      const heading = t('customer.find.header', { total, text: 'acme' });
      expect(list.text).toBe(heading);
      expect(mrkdwn(list).split('\n')[0]).toBe(`*${heading}*`);
      const moreText = t('list.more', { count: more ?? 0 });
      expect(mrkdwn(list).includes(moreText)).toBe(more !== undefined);
      expect(list).toMatchSnapshot();
    });

    test('one row per customer: name, code, tier, lifecycle, owner and an Open button', () => {
      const list = customerList(t, 'acme', items, 2);
      expect(mrkdwn(list)).toContain(
        `*Beta Co* · C2026002\n${t('tier.normal')} · ${t('lifecycle.prospect')} · <@UOWNER>`,
      );
      expect(mrkdwn(list)).toContain(`*Acme Ltd* · C2026001\n${words.strategic}`);
      expect(buttons(list.blocks)).toEqual(
        ['C2026001', 'C2026002'].map((value) => ({
          actionId: CUSTOMER.openButton,
          text: t('customer.button.open'),
          value,
          style: undefined,
        })),
      );
    });

    test('nothing found: says so, with the query, and offers no button', () => {
      const list = customerList(t, 'zzz', [], 0);
      expectValidMessage(list);
      expect(list.text).toBe(t('customer.find.none', { text: 'zzz' }));
      expect(list.blocks).toHaveLength(1);
      expect(buttons(list.blocks)).toEqual([]);
      expect(list).toMatchSnapshot();
    });

    test('a long query is cut to 100 characters in the heading', () => {
      const list = customerList(t, 'q'.repeat(500), items, 2);
      expectValidMessage(list);
      expect(list.text).toContain(`${'q'.repeat(99)}…`);
      expect(list.text).not.toContain('q'.repeat(100));
    });

    test('a hostile customer name lands escaped in its row', () => {
      const list = customerList(t, 'x', [customer({ name: HOSTILE })], 1);
      expectEscaped(mrkdwn(list.blocks.slice(1)));
    });
  });

  describe('historyMessage', () => {
    const history = (items = allChanges(), total = items.length) =>
      historyMessage(t, customer(), items, total, TIME_ZONE);
    const lineOf = (field: string, items = allChanges()) => {
      const i = items.findIndex((c) => c.field === field);
      return mrkdwn([history(items).blocks[i + 1]!]);
    };

    test('every field of the change log has its label, one block per change', () => {
      const message = history();
      expectValidMessage(message);
      expect(message.blocks).toHaveLength(CHANGE_LABELS.length + 1);
      const title = t('customer.history.header', { name: 'Acme Ltd', code: 'C2026001' });
      expect(message.text).toBe(title);
      expect(message).toMatchSnapshot();
    });

    test.each(CHANGE_LABELS)('%s reads as its label', (field, label) => {
      const line = lineOf(field);
      expect(line).toContain(` · ${t(label, { currency: 'CNY' })}`);
      if (field.includes('.') || /[A-Z]/.test(field)) expect(line).not.toContain(field);
    });

    test.each([
      ['tier', `${words.key} → ${words.strategic}`],
      ['source', `${t('source.website')} → ${t('source.referral')}`],
      ['ownerId', '<@UOLD> → <@UOWNER>'],
      ['annualRevenue', words.revenue],
      ['needs.budget', `${words.empty} → ${words.budget}`],
      ['customerType', `${t('customerType.company')} → ${t('customerType.person')}`],
      ['contact.role', `${words.empty} → ${t('contactRole.daily')}`],
      ['tierOverride', `${words.empty} → ${words.override}`],
    ])('%s values read %s', (field, shown) => {
      expect(lineOf(field)).toContain(shown);
    });

    test("a tier override reads its tier in the reader's language, its reason escaped; any other value as it was logged", () => {
      const line = (oldValue: unknown, newValue: unknown) =>
        lineOf('tierOverride', [change({ field: 'tierOverride', oldValue, newValue })]);
      const shown = line('normal: ', `strategic: ${HOSTILE}`);
      expect(shown).toContain(`${t('tier.normal')} → ${words.strategic}`);
      expectEscaped(shown);
      expect(shown).not.toMatch(/\b(normal|strategic):/);
      // Not an override as the log writes it (a tier code unknown): shown escaped, as it is.
      expect(line(null, 'platinum: <b>')).toContain(`${words.empty} → platinum: &lt;b&gt;`);
    });

    test('a line says when (in the zone), who and by which path', () => {
      const items = [change({ source: 'import' }), change({ field: 'created', by: 'UCREATOR' })];
      const lines = history(items).blocks.slice(1);
      expect(mrkdwn(lines)).toBe(
        [
          t('customer.history.line', {
            when: keep(at('2026-11-24 09:30')),
            by: keep(mention('UOWNER')),
            field: keep(t('customer.field.tier')),
            old: words.key,
            new: words.strategic,
            source: keep(t('change.source.import')),
          }),
          t('customer.history.created', {
            when: keep(at('2026-11-24 09:30')),
            by: keep(mention('UCREATOR')),
            source: keep(t('change.source.slack')),
          }),
        ].join('\n'),
      );
    });

    test("the desk's own changes (SYSTEM_ACTOR) name the desk in the reader's language, never a broken mention", () => {
      const line = mrkdwn(history([change({ by: SYSTEM_ACTOR, source: 'job' })]).blocks.slice(1));
      expect(line).toContain(` · ${t('customer.history.desk')} · `);
      expect(line).not.toContain('<@');
      expect(t('customer.history.desk')).toBe(t.locale === 'en' ? 'the desk' : '服务台');
    });

    test.each([
      { total: 2, more: undefined },
      { total: 25, more: 23 },
    ])('$total changes, 2 shown: "and N more" = $more', ({ total, more }) => {
      const message = history([change(), change({ field: 'region' })], total);
      const moreText = t('customer.history.more', { shown: 2, count: more ?? 0 });
      expect(mrkdwn(message).includes(moreText)).toBe(more !== undefined);
    });

    test('more changes than shown: says only the latest are shown, never to narrow a search it has not', () => {
      const text = mrkdwn(history([change(), change({ field: 'region' })], 25));
      expect(text).toContain(
        locale === 'en'
          ? 'Showing the latest 2; 23 earlier changes are not shown here.'
          : '这里只显示最近 2 条；更早的 23 条变更未显示。',
      );
      expect(text).not.toMatch(/search|搜索/i);
    });

    test('no changes yet: says so', () => {
      const message = history([], 0);
      expectValidMessage(message);
      expect(mrkdwn(message)).toContain(t('customer.history.none'));
      expect(message).toMatchSnapshot();
    });

    test('a hostile value lands escaped', () => {
      const line = lineOf('contact.name', [
        change({ field: 'contact.name', oldValue: HOSTILE, newValue: HOSTILE }),
      ]);
      expectEscaped(line);
    });
  });

  describe.each([
    {
      name: 'interactionModal',
      build: () => interactionModal(t, { name: 'Acme Ltd', today: TODAY, metadata: METADATA }),
      callbackId: CUSTOMER.interactionView,
      title: 'interaction.modal.title',
      submit: 'interaction.modal.submit',
      fields: [
        'type',
        'date',
        'summary',
        'feedback',
        'next_step',
        'next_step_date',
        'next_step_approver',
        'upgrade_intent',
        'upgrade_what',
      ],
      required: ['type', 'date', 'summary'],
      initial: { type: 'call', date: TODAY },
    },
    {
      name: 'orderModal',
      build: () =>
        orderModal(t, { name: 'Acme Ltd', today: TODAY, currency: 'CNY', metadata: METADATA }),
      callbackId: CUSTOMER.orderView,
      title: 'order.modal.title',
      submit: 'order.modal.submit',
      fields: ['date', 'amount', 'number', 'note', 'delivered'],
      required: ['date', 'amount'],
      initial: { date: TODAY },
    },
  ] as const)('$name', ({ build, callbackId, title, submit, fields, required, initial }) => {
    test('valid; names the customer; the form fields, required ones and defaults', () => {
      const view = build();
      expectFormModal(t, view, { callbackId, title, submit, metadata: METADATA });
      expect(mrkdwn(view)).toBe('Acme Ltd');
      expect(inputIds(view)).toEqual(fields);
      expect(requiredIds(view)).toEqual(required);
      const shown = Object.fromEntries(
        inputIds(view)
          .map((id) => [id, initialValue(view, id)])
          .filter(([, v]) => v !== undefined),
      );
      expect(shown).toEqual(initial);
      expect(view).toMatchSnapshot();
    });
  });

  test('orderModal: the amount label names the currency', () => {
    const view = orderModal(t, { name: 'Acme', today: TODAY, currency: 'USD', metadata: '' });
    expect(labels(view).amount).toBe(t('order.field.amount', { currency: 'USD' }));
    expect(labels(view).amount).toContain('USD');
  });

  test('deliveryModal: each order by date, amount and number or note; masked, the amount is *** and the note left out', () => {
    const order = (id: string, note: string, dedupeKey: string, deliveredOn?: string) => ({
      id,
      teamId: 'T1',
      customerId: 'c1',
      date: '2026-11-20',
      amount: 30_000,
      note,
      dedupeKey,
      createdBy: 'U1',
      ...(deliveredOn ? { deliveredOn } : {}),
    });
    const orders = [
      order('a', 'call 13812345678 at the gate', 'slack:V1'),
      order('b', '', 'no:SO-1', '2026-11-23'),
    ];
    const texts = (masked: boolean) => {
      const view = deliveryModal(t, {
        name: 'Acme',
        today: TODAY,
        currency: 'CNY',
        orders,
        masked,
        metadata: '',
      });
      const select = (view.blocks as any[]).find((b) => b.block_id === 'order');
      return select.element.options.map((o: any) => o.text.text);
    };
    const amount = formatAmount(30_000, 'CNY', t.locale);
    const delivered = t.plain('delivery.option.delivered', { date: '2026-11-23' });
    expect(texts(false)).toEqual([
      `2026-11-20 · ${amount} · call 13812345678 at the gate`,
      `2026-11-20 · ${amount} · SO-1 · ${delivered}`,
    ]);
    expect(texts(true)).toEqual(['2026-11-20 · ***', `2026-11-20 · *** · SO-1 · ${delivered}`]);
  });
});
