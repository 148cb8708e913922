import { describe, expect, test } from 'vitest';
import {
  customerFormData,
  needsDigest,
  parseContactForm,
  parseCustomerForm,
  parseInteractionForm,
  parseOrderForm,
  readNeedRows,
  withTagPicks,
} from '../../src/customer/form.js';
import type { CustomerPatch, CustomerRecord } from '../../src/customer/types.js';
import { parseAmount, type FormData } from '../../src/forms/kinds.js';
import { fieldErrors } from '../helpers/field-errors.js';
import { customer as record } from '../helpers/records.js';

/** Tuesday. Dates of past events (first contact, cooperation start) may not be later. */
const TODAY = '2026-03-10';
const create = (form: FormData) => parseCustomerForm(form, { mode: 'create', today: TODAY });
const update = (form: FormData) => parseCustomerForm(form, { mode: 'update', today: TODAY });

const REQUIRED = ['name', 'industry', 'source', 'first_contact', 'owner'] as const;

/** The smallest form `/customer new` accepts. */
const complete: FormData = {
  name: 'Acme Trading',
  industry: 'Manufacturing',
  source: 'referral',
  first_contact: '2026-03-01',
  owner: 'U0123ABCD',
};
const completePatch: CustomerPatch = {
  name: 'Acme Trading',
  industry: 'Manufacturing',
  source: 'referral',
  firstContactDate: '2026-03-01',
  ownerId: 'U0123ABCD',
};

const required = { key: 'form.error.required' };
const dateError = { key: 'form.error.date' };
const futureDate = { key: 'form.error.futureDate' };
const amountError = { key: 'form.error.amount' };
const yesNoError = { key: 'form.error.yesNo' };
const tooLong = (max: number) => ({ key: 'form.error.tooLong', params: { max } });
/** A refused choice: the ids, and the list's labels for the message to name them by. */
const choiceError = (choices: string) => ({
  key: 'form.error.choice',
  params: { choices },
  choices: { values: choices.split(', '), labels: expect.any(String) },
});

describe('parseCustomerForm on create', () => {
  test('a complete form gives exactly its fields', () => {
    expect(create(complete)).toEqual(completePatch);
  });

  test('an empty form names every required field', () => {
    expect(fieldErrors(() => create({}))).toEqual(
      Object.fromEntries(REQUIRED.map((field) => [field, required])),
    );
  });

  test.each(REQUIRED.flatMap((field) => [undefined, '', '   '].map((value) => ({ field, value }))))(
    '$field given as $value is required',
    ({ field, value }) => {
      const form = { ...complete, [field]: value };
      if (value === undefined) delete form[field];
      expect(fieldErrors(() => create(form))).toEqual({ [field]: required });
    },
  );

  test('optional fields come with the required ones', () => {
    expect(
      create({
        ...complete,
        company_size: '50-199',
        region: 'East China',
        annual_revenue: '120万',
        potential: 'key',
        tags: 'high-value, price-sensitive',
        contact_name: 'Li Lei',
        contact_title: 'Purchasing manager',
        contact_phone: '138 1234 5678',
        contact_email: 'Li.Lei@Example.com',
      }),
    ).toEqual({
      ...completePatch,
      companySize: '50-199',
      region: 'East China',
      annualRevenue: 1_200_000,
      potential: 'key',
      tags: ['high-value', 'price-sensitive'],
      contact: {
        name: 'Li Lei',
        title: 'Purchasing manager',
        phone: '+8613812345678',
        email: 'li.lei@example.com',
      },
    });
  });

  test('every bad field is named at once', () => {
    expect(
      fieldErrors(() =>
        create({
          ...complete,
          name: '',
          owner: 'zhang wei',
          annual_revenue: '12abc',
          contact_phone: '12345',
          contact_email: 'li@',
          contact_birthday: '13-01',
        }),
      ),
    ).toEqual({
      name: required,
      owner: { key: 'form.error.user' },
      annual_revenue: amountError,
      contact_phone: { key: 'form.error.phone' },
      contact_email: { key: 'form.error.email' },
      contact_birthday: { key: 'form.error.birthday' },
    });
  });
});

describe('parseCustomerForm on update', () => {
  test.each<[string, FormData, CustomerPatch]>([
    ['nothing', {}, {}],
    ['one field', { region: 'East China' }, { region: 'East China' }],
    ['an emptied optional field', { region: '' }, { region: null }],
    ['inner spaces collapsed', { address: '  12   Nanjing Rd\t ' }, { address: '12 Nanjing Rd' }],
    ['full-width text kept as typed', { name: 'Ａｃｍｅ  Corp ' }, { name: 'Ａｃｍｅ Corp' }],
    [
      'Chinese punctuation kept as typed',
      { name: ' 北京（朝阳）科技有限公司 ', address: '朝阳区建国路 88 号，A 座：12 层' },
      { name: '北京（朝阳）科技有限公司', address: '朝阳区建国路 88 号，A 座：12 层' },
    ],
    ['tags kept as typed', { tags: 'ＶＩＰ，价格敏感、VIP' }, { tags: ['ＶＩＰ', '价格敏感'] }],
    ['an emptied company size', { company_size: '' }, { companySize: null }],
    ['an emptied amount', { annual_revenue: '' }, { annualRevenue: null }],
    ['an emptied contract end', { contract_end: '' }, { contractEndDate: null }],
    ['emptied tags', { tags: '' }, { tags: [] }],
    ['an emptied competitor flag', { competitor_contact: '' }, { competitorContact: false }],
    ['a workspace user as owner', { owner: 'W0123ABCD' }, { ownerId: 'W0123ABCD' }],
    ['a blank potential and lifecycle left as they are', { potential: '', lifecycle: ' ' }, {}],
  ])('%s', (_name, form, patch) => {
    expect(update(form)).toEqual(patch);
  });

  test.each(REQUIRED)('%s present but blank is required', (field) => {
    expect(fieldErrors(() => update({ [field]: ' ' }))).toEqual({ [field]: required });
  });

  test.each(['u0123abcd', '<@U0123ABCD>', 'Zhang Wei', 'U1'])(
    'owner %s is not a user id',
    (owner) => {
      expect(fieldErrors(() => update({ owner }))).toEqual({ owner: { key: 'form.error.user' } });
    },
  );
});

describe('choices by id or by label in either language', () => {
  test.each<[string, string, CustomerPatch]>([
    ['source', 'telemarketing', { source: 'telemarketing' }],
    ['source', 'Telemarketing', { source: 'telemarketing' }],
    ['source', '电话营销', { source: 'telemarketing' }],
    ['source', ' TELEMARKETING ', { source: 'telemarketing' }],
    ['source', 'Inbound enquiry', { source: 'inbound' }],
    ['source', '老客户转介绍', { source: 'referral' }],
    ['source', 'cold_visit', { source: 'cold_visit' }],
    ['company_size', '1000+', { companySize: '1000+' }],
    ['company_size', '50-199 people', { companySize: '50-199' }],
    ['company_size', '1000 人以上', { companySize: '1000+' }],
    ['potential', 'Key potential', { potential: 'key' }],
    ['potential', '普通', { potential: 'ordinary' }],
    ['lifecycle', 'churn_warning', { lifecycle: 'churn_warning' }],
    ['lifecycle', 'Churn warning', { lifecycle: 'churn_warning' }],
    ['lifecycle', '流失预警', { lifecycle: 'churn_warning' }],
  ])('%s %s', (field, raw, patch) => {
    expect(update({ [field]: raw })).toEqual(patch);
  });

  test.each([
    [
      'source',
      'newspaper',
      'online_expo, exhibition, referral, telemarketing, cold_visit, website, inbound, other',
    ],
    ['company_size', '10 people', '1-49, 50-199, 200-999, 1000+'],
    ['potential', 'high', 'key, ordinary'],
    ['lifecycle', 'lost', 'prospect, new, growing, stable, active, churn_warning, churned'],
  ])('%s %s is refused with the choices', (field, raw, choices) => {
    expect(fieldErrors(() => update({ [field]: raw }))).toEqual({ [field]: choiceError(choices) });
  });
});

describe('amounts', () => {
  test.each<[string, number | undefined]>([
    ['1200000', 1_200_000],
    ['1,200,000', 1_200_000],
    ['1，200，000', 1_200_000],
    ['120万', 1_200_000],
    ['120 万', 1_200_000],
    ['120万元', 1_200_000],
    ['1.5亿', 150_000_000],
    // Traditional characters, as Taiwan and Hong Kong staff type them (revcust F4).
    ['100萬', 1_000_000],
    ['120萬元', 1_200_000],
    ['1.5億', 150_000_000],
    ['１００萬', 1_000_000],
    ['100萬億', undefined],
    ['¥300000', 300_000],
    ['￥300000', 300_000],
    ['300000元', 300_000],
    ['１２００', 1200],
    ['1234.5', 1234.5],
    ['0', 0],
    [' 5 ', 5],
    ['12abc', undefined],
    ['-5', undefined],
    ['1.2.3', undefined],
    // Commas only in groups of three: thousands separators, never anywhere.
    ['1,234,567', 1_234_567],
    ['1,234.5', 1234.5],
    ['1,234万', 12_340_000],
    ['1,2,3', undefined],
    ['12,34', undefined],
    ['1234,567', undefined],
    [',123', undefined],
    ['123,', undefined],
    ['1,,234', undefined],
    ['1,234.5,6', undefined],
    ['$300', undefined],
    ['1e6', undefined],
    ['', undefined],
    // Up to 10万亿: more would come back as `1e+20` or past the input's 20 characters.
    ['10000000000000', 10_000_000_000_000],
    ['100000亿', 10_000_000_000_000],
    ['10000000000000.01', undefined],
    ['99999999999999999999', undefined],
  ])('parseAmount(%j) is %s', (raw, amount) => {
    expect(parseAmount(raw)).toBe(amount);
  });

  test.each([
    ['1,200,000', 1_200_000],
    ['120万', 1_200_000],
    ['1.5亿', 150_000_000],
    ['100萬', 1_000_000],
    ['1.5億', 150_000_000],
    ['¥300000', 300_000],
    ['300000元', 300_000],
  ])('annual revenue and budget %s are %d yuan', (raw, amount) => {
    expect(update({ annual_revenue: raw, needs_budget: raw })).toEqual({
      annualRevenue: amount,
      needs: { budget: amount },
    });
  });

  test('a bad amount is refused on both fields', () => {
    expect(fieldErrors(() => update({ annual_revenue: '12abc', needs_budget: 'lots' }))).toEqual({
      annual_revenue: amountError,
      needs_budget: amountError,
    });
  });
});

describe('dates', () => {
  test.each(['2026-03-01', '2026/3/1', '2026.3.1', '2026年3月1日', ' 2026-3-01 '])(
    '%s is 2026-03-01',
    (raw) => {
      expect(update({ first_contact: raw, contract_end: raw, cooperation_start: raw })).toEqual({
        firstContactDate: '2026-03-01',
        contractEndDate: '2026-03-01',
        cooperationStartDate: '2026-03-01',
      });
    },
  );

  test.each(['2026-02-30', '2026-13-01', '01/03/2026', 'yesterday'])('%s is not a date', (raw) => {
    expect(
      fieldErrors(() => update({ first_contact: raw, contract_end: raw, cooperation_start: raw })),
    ).toEqual({ first_contact: dateError, contract_end: dateError, cooperation_start: dateError });
  });

  test('first contact and cooperation start may be today, not later; a contract may end later', () => {
    expect(update({ first_contact: TODAY, cooperation_start: TODAY })).toEqual({
      firstContactDate: TODAY,
      cooperationStartDate: TODAY,
    });
    expect(
      fieldErrors(() =>
        update({
          first_contact: '2026-03-11',
          cooperation_start: '2026-03-11',
          contract_end: '2027-03-11',
        }),
      ),
    ).toEqual({ first_contact: futureDate, cooperation_start: futureDate });
    expect(update({ contract_end: '2027-03-11' })).toEqual({ contractEndDate: '2027-03-11' });
  });
});

describe('contact', () => {
  /** Field -> the contact key it sets, what it accepts (raw -> stored), and what it refuses. */
  const contactFields = {
    contact_phone: {
      key: 'phone',
      accepted: [
        ['13812345678', '+8613812345678'],
        ['138 1234 5678', '+8613812345678'],
        ['138-1234-5678', '+8613812345678'],
        ['+86 138 1234 5678', '+8613812345678'],
        ['86-138-1234-5678', '+8613812345678'],
        ['１３８１２３４５６７８', '+8613812345678'],
        ['010-12345678', '+861012345678'],
        ['0571 8888 1234', '+8657188881234'],
        ['(021) 6888 8888', '+862168888888'],
        ['02012345678', '+862012345678'],
        ['400-800-8888', '+864008008888'],
        ['+44 20 7946 0958', '+442079460958'],
        ['+1 (212) 555.0100', '+12125550100'],
      ],
      refused: [
        '12345',
        '1381234567',
        '12812345678',
        '0101234567',
        '010-1234',
        '+0 123 4567',
        'call me',
      ],
      error: 'form.error.phone',
    },
    contact_email: {
      key: 'email',
      accepted: [[' Zhang.Wei@Example.COM ', 'zhang.wei@example.com']],
      refused: ['zhang.wei@', 'zhang wei@example.com', 'a@b', 'example.com'],
      error: 'form.error.email',
    },
    contact_birthday: {
      key: 'birthday',
      accepted: [
        ['3-15', '03-15'],
        ['03/15', '03-15'],
        ['3.15', '03-15'],
        ['3月15日', '03-15'],
        ['02-29', '02-29'],
        ['12-31', '12-31'],
        ['1990-03-15', '1990-03-15'],
        ['1990年3月15日', '1990-03-15'],
      ],
      refused: ['13-01', '02-30', '3-32', 'March 15', '1990-02-30'],
      error: 'form.error.birthday',
    },
  };
  const contactCases = Object.entries(contactFields);

  test.each(
    contactCases.flatMap(([field, c]) =>
      c.accepted.map(([raw, stored]) => ({ field, raw, stored })),
    ),
  )('$field $raw is stored as $stored', ({ field, raw, stored }) => {
    const { key } = contactFields[field as keyof typeof contactFields];
    expect(update({ [field]: raw })).toEqual({ contact: { [key]: stored } });
  });

  test.each(contactCases.flatMap(([field, c]) => c.refused.map((raw) => ({ field, raw, c }))))(
    '$field $raw is refused',
    ({ field, raw, c }) => {
      expect(fieldErrors(() => update({ [field]: raw }))).toEqual({ [field]: { key: c.error } });
    },
  );

  test.each<[string, FormData, CustomerPatch]>([
    ['one field patched', { contact_title: 'CTO' }, { contact: { title: 'CTO' } }],
    [
      'emptied fields cleared',
      { contact_name: '', contact_phone: ' ', contact_birthday: '' },
      { contact: { name: null, phone: null, birthday: null } },
    ],
    [
      'details without a contact name (the service decides)',
      { contact_phone: '13812345678', contact_email: 'li@example.com' },
      { contact: { phone: '+8613812345678', email: 'li@example.com' } },
    ],
    [
      'IM and preferred channel',
      { contact_im: 'wxid_lilei', contact_channel: 'WeChat' },
      { contact: { im: 'wxid_lilei', preferredChannel: 'WeChat' } },
    ],
    [
      'opt-outs split and de-duplicated',
      { contact_opt_outs: 'no holiday greetings，no calls; no calls；email only, ' },
      { contact: { optOuts: ['no holiday greetings', 'no calls', 'email only'] } },
    ],
    ['emptied opt-outs', { contact_opt_outs: '' }, { contact: { optOuts: [] } }],
  ])('%s', (_name, form, patch) => {
    expect(update(form)).toEqual(patch);
  });
});

describe('tags, needs and flags', () => {
  test('tags are split on commas and semicolons and de-duplicated', () => {
    expect(update({ tags: 'high-value, 价格敏感，high-value; tech-oriented；, ' })).toEqual({
      tags: ['high-value', '价格敏感', 'tech-oriented'],
    });
  });

  test('needs text and budget', () => {
    expect(
      update({
        needs_stated: 'ERP integration',
        needs_implicit: '',
        needs_products: 'Cloud plan',
        needs_cycle: 'Quarterly',
        needs_budget: '50万',
      }),
    ).toEqual({
      needs: {
        stated: 'ERP integration',
        implicit: null,
        productPreferences: 'Cloud plan',
        purchaseCycle: 'Quarterly',
        budget: 500_000,
      },
    });
  });

  test.each<[string, { text: string; urgent: boolean; important: boolean }[] | null]>([
    [
      'Spare parts in 48 h (urgent, important)\nTraining (important)\nNicer invoices',
      [
        { text: 'Spare parts in 48 h', urgent: true, important: true },
        { text: 'Training', urgent: false, important: true },
        { text: 'Nicer invoices', urgent: false, important: false },
      ],
    ],
    [
      '备件48小时到（紧急，重要）；培训（重要）',
      [
        { text: '备件48小时到', urgent: true, important: true },
        { text: '培训', urgent: false, important: true },
      ],
    ],
    // One need a line: a need's own `;` stays in it (as the export writes them).
    [
      'Steel; aluminium samples (urgent)\nTraining',
      [
        { text: 'Steel; aluminium samples', urgent: true, important: false },
        { text: 'Training', urgent: false, important: false },
      ],
    ],
    // Brackets that are not the marks stay part of the need.
    [
      'Visit (Shanghai plant)',
      [{ text: 'Visit (Shanghai plant)', urgent: false, important: false }],
    ],
    ['', null],
  ])('the needs matrix %j', (raw, items) => {
    expect(update({ needs_matrix: raw })).toEqual({ needs: { items } });
  });

  test.each<[string, boolean]>([
    ['yes', true],
    ['是', true],
    ['no', false],
    ['否', false],
    ['', false],
  ])('competitor contact %j is %s', (raw, value) => {
    expect(update({ competitor_contact: raw })).toEqual({ competitorContact: value });
  });

  test.each(['maybe', '不知道', 'yes please'])('%s is not yes or no', (raw) => {
    expect(fieldErrors(() => update({ competitor_contact: raw }))).toEqual({
      competitor_contact: yesNoError,
    });
  });
});

describe('tier override', () => {
  test.each([
    ['strategic', 'strategic'],
    ['战略客户', 'strategic'],
    ['Key', 'key'],
  ] as const)('%s with a reason overrides to %s', (raw, tier) => {
    expect(update({ tier_override: raw, tier_override_reason: ' Group contract ' })).toEqual({
      tierOverride: { tier, reason: 'Group contract' },
    });
  });

  test('a reason is required', () => {
    expect(
      fieldErrors(() => update({ tier_override: 'strategic', tier_override_reason: '' })),
    ).toEqual({ tier_override_reason: { key: 'customer.error.overrideReason' } });
    expect(fieldErrors(() => update({ tier_override: 'strategic' }))).toEqual({
      tier_override_reason: { key: 'customer.error.overrideReason' },
    });
  });

  test('an empty tier removes the override, whatever the reason says', () => {
    expect(update({ tier_override: '', tier_override_reason: 'old reason' })).toEqual({
      tierOverride: null,
    });
  });

  test('an unknown tier is refused with the choices', () => {
    expect(fieldErrors(() => update({ tier_override: 'gold', tier_override_reason: 'x' }))).toEqual(
      {
        tier_override: choiceError('strategic, key, normal'),
      },
    );
  });
});

describe('length limits', () => {
  /** A valid value of a given length: letters, but where the field wants something else. */
  /** A list of `n` characters of distinct tags of at most 40 (what a tag may have). */
  const tagList = (n: number) => {
    const k = Math.ceil((n - 40) / 31);
    const full = Array.from({ length: k }, (_, i) => `${i}`.padEnd(30, 'x'));
    return [...full, 'y'.repeat(n - 31 * k)].join(',');
  };
  const sample = (field: string, n: number) =>
    field === 'contact_email'
      ? `${'a'.repeat(n - '@example.com'.length)}@example.com`
      : field === 'contact_name'
        ? '李'.repeat(n)
        : field === 'tags' || field === 'contact_opt_outs'
          ? tagList(n)
          : 'x'.repeat(n);
  const limits: [string, number][] = [
    ['name', 100],
    ['industry', 60],
    ['region', 60],
    ['address', 200],
    ['contact_name', 60],
    ['contact_title', 60],
    ['contact_email', 120],
    ['contact_im', 60],
    ['contact_channel', 40],
    ['contact_opt_outs', 200],
    ['needs_stated', 2000],
    ['needs_implicit', 2000],
    ['needs_products', 500],
    ['needs_cycle', 100],
    ['tags', 400],
  ];

  test.each(limits)('%s takes %d characters and no more', (field, max) => {
    expect(() => update({ [field]: sample(field, max) })).not.toThrow();
    expect(fieldErrors(() => update({ [field]: sample(field, max + 1) }))).toEqual({
      [field]: tooLong(max),
    });
  });

  test('a tag over 40 characters, or a 21st tag, is refused on the field, not cut or dropped', () => {
    const many = Array.from({ length: 21 }, (_, i) => `tag${i}`).join(', ');
    expect(fieldErrors(() => update({ tags: many }))).toEqual({
      tags: { key: 'form.error.tooManyTags', params: { max: 20 } },
    });
    expect(fieldErrors(() => update({ tags: `ok, ${'y'.repeat(41)}` }))).toEqual({
      tags: { key: 'form.error.tagTooLong', params: { max: 40 } },
    });
    expect(() =>
      update({ tags: Array.from({ length: 20 }, (_, i) => `t${i}`).join(', ') }),
    ).not.toThrow();
  });

  test('the override reason takes 300 characters and no more', () => {
    const form = (n: number) => ({ tier_override: 'key', tier_override_reason: 'r'.repeat(n) });
    expect(update(form(300))).toEqual({ tierOverride: { tier: 'key', reason: 'r'.repeat(300) } });
    expect(fieldErrors(() => update(form(301)))).toEqual({ tier_override_reason: tooLong(300) });
  });

  test('the limit counts the text after trimming and collapsing spaces', () => {
    expect(update({ name: `  ${'n'.repeat(50)}    ${'n'.repeat(49)}  ` })).toEqual({
      name: `${'n'.repeat(50)} ${'n'.repeat(49)}`,
    });
  });
});

describe('parseInteractionForm', () => {
  const interaction = (form: FormData) => parseInteractionForm(form, TODAY);

  test('a complete form', () => {
    expect(
      interaction({
        type: 'visit',
        date: '2026/3/9',
        summary: ' Quarterly review ',
        feedback: 'Happy with delivery',
        next_step: 'Send quote',
        next_step_date: '2026年3月20日',
      }),
    ).toEqual({
      type: 'visit',
      date: '2026-03-09',
      summary: 'Quarterly review',
      feedback: 'Happy with delivery',
      nextStep: 'Send quote',
      nextStepDate: '2026-03-20',
    });
  });

  test('optional fields left empty are absent', () => {
    expect(
      interaction({ type: 'call', date: TODAY, summary: 'Called', feedback: ' ', next_step: '' }),
    ).toEqual({ type: 'call', date: TODAY, summary: 'Called' });
  });

  test.each<[string, FormData, Record<string, unknown>]>([
    [
      'an empty form',
      {},
      {
        type: required,
        date: required,
        summary: required,
      },
    ],
    [
      'an unknown type',
      { type: 'fax', date: TODAY, summary: 'x' },
      { type: choiceError('call, visit, email, meeting, message') },
    ],
    ['a bad date', { type: 'call', date: '2026-02-30', summary: 'x' }, { date: dateError }],
    ['a future date', { type: 'call', date: '2026-03-11', summary: 'x' }, { date: futureDate }],
    [
      'a bad next-step date',
      { type: 'call', date: TODAY, summary: 'x', next_step_date: 'soon' },
      { next_step_date: dateError },
    ],
    [
      'too long texts',
      {
        type: 'call',
        date: TODAY,
        summary: 's'.repeat(2001),
        feedback: 'f'.repeat(2001),
        next_step: 'n'.repeat(301),
      },
      { summary: tooLong(2000), feedback: tooLong(2000), next_step: tooLong(300) },
    ],
  ])('%s is refused', (_name, form, problems) => {
    expect(fieldErrors(() => interaction(form))).toEqual(problems);
  });
});

describe('parseOrderForm', () => {
  const order = (form: FormData) => parseOrderForm(form, TODAY);

  test.each([
    [
      { date: '2026-03-01', amount: '120万' },
      { date: '2026-03-01', amount: 1_200_000 },
    ],
    [
      { date: '2026/3/1', amount: '¥1,500.50', number: ' PO-1 ', note: 'Spring order' },
      { date: '2026-03-01', amount: 1500.5, number: 'PO-1', note: 'Spring order' },
    ],
    [
      { date: TODAY, amount: '0.01', number: '', note: ' ' },
      { date: TODAY, amount: 0.01 },
    ],
  ])('%j is recorded as %j', (form, input) => {
    expect(order(form)).toEqual(input);
  });

  test.each<[string, FormData, Record<string, unknown>]>([
    ['an empty form', {}, { date: required, amount: required }],
    ['a zero amount', { date: TODAY, amount: '0' }, { amount: { key: 'order.error.negative' } }],
    ['a negative amount', { date: TODAY, amount: '-5' }, { amount: { key: 'order.error.refund' } }],
    ['a bad amount', { date: TODAY, amount: '12abc' }, { amount: amountError }],
    ['a future date', { date: '2026-03-11', amount: '100' }, { date: futureDate }],
    ['a bad date', { date: '2026-02-30', amount: '100' }, { date: dateError }],
    [
      'a too long number and note',
      { date: TODAY, amount: '100', number: 'n'.repeat(61), note: 'x'.repeat(501) },
      { number: tooLong(60), note: tooLong(500) },
    ],
  ])('%s is refused', (_name, form, problems) => {
    expect(fieldErrors(() => order(form))).toEqual(problems);
  });

  test('a number of 60 and a note of 500 characters are taken', () => {
    expect(
      order({ date: TODAY, amount: '1', number: 'n'.repeat(60), note: 'x'.repeat(500) }),
    ).toEqual({ date: TODAY, amount: 1, number: 'n'.repeat(60), note: 'x'.repeat(500) });
  });
});

describe('customerFormData round trip', () => {
  /** A new prospect with only the required fields, unless `over` says more. */
  function customer(over: Partial<CustomerRecord> = {}): CustomerRecord {
    const {
      annualRevenue: _r,
      lastInteractionAt: _l,
      ...base
    } = record({
      contacts: [],
      tags: [],
      potential: 'ordinary',
      lifecycle: 'prospect',
      computedTier: 'normal',
      tier: 'normal',
    });
    return { ...base, ...over };
  }

  /** The listed keys of `from`, `null` where it has none (how a form clears a field). */
  const orNull = <T extends object>(from: T | undefined, keys: (keyof T)[]) =>
    Object.fromEntries(keys.map((key) => [key, from?.[key] ?? null]));

  /** What a form carrying every field of `c` must set: its own values, `null` where it has none. */
  function sameAs(c: CustomerRecord): CustomerPatch {
    const contact = c.contacts[0];
    return {
      name: c.name,
      industry: c.industry,
      source: c.source,
      firstContactDate: c.firstContactDate,
      ownerId: c.ownerId,
      ...orNull(c, [
        'companySize',
        'region',
        'address',
        'annualRevenue',
        'contractEndDate',
        'cooperationStartDate',
        'projectUntil',
        'occupation',
        'notes',
      ]),
      customerType: c.customerType,
      industryTags: c.industryTags,
      valueTags: c.valueTags,
      needTags: c.needTags,
      contact: {
        ...orNull(contact, [
          'name',
          'title',
          'phone',
          'email',
          'im',
          'birthday',
          'preferredChannel',
          'role',
        ]),
        optOuts: contact?.optOuts ?? [],
      },
      needs: orNull(c.needs, [
        'stated',
        'implicit',
        'productPreferences',
        'purchaseCycle',
        'budget',
        'items',
      ]),
      competitorContact: c.competitorContact,
      tags: c.tags,
      potential: c.potential,
      lifecycle: c.lifecycle,
      tierOverride: c.tierOverride
        ? { tier: c.tierOverride.tier, reason: c.tierOverride.reason }
        : null,
    };
  }

  test.each<[string, CustomerRecord]>([
    ['a new prospect with only the required fields', customer()],
    [
      'a customer with every field',
      customer({
        name: '上海 Acme 贸易有限公司',
        companySize: '1000+',
        region: 'East China',
        address: '12 Nanjing Rd, Shanghai',
        source: 'referral',
        annualRevenue: 1_234_567.5,
        contacts: [
          {
            key: 'k1',
            name: 'Li Lei',
            role: 'main',
            title: 'Purchasing manager',
            phone: '+8613812345678',
            email: 'li.lei@example.com',
            im: 'wxid_lilei',
            birthday: '02-29',
            preferredChannel: 'WeChat',
            optOuts: ['no holiday greetings', '不要回访'],
          },
          { key: 'k2', name: 'Han Meimei', role: 'daily', optOuts: [] },
        ],
        needs: {
          stated: 'ERP integration',
          implicit: 'Wants a local service team',
          productPreferences: 'Cloud plan',
          budget: 500_000,
          purchaseCycle: 'Quarterly',
          items: [
            { text: 'ERP link by March', urgent: true, important: true },
            { text: 'Training（培训）', urgent: false, important: true },
            { text: 'Nicer invoices', urgent: false, important: false },
          ],
        },
        customerType: 'person',
        occupation: 'Architect',
        notes: 'Prefers calls after 14:00\nNo visits in August',
        industryTags: ['制造业'],
        valueTags: ['高价值客户'],
        needTags: ['价格敏感', 'tech-oriented'],
        cooperationStartDate: '2024-06-01',
        contractEndDate: '2027-05-31',
        tags: ['high-value', '价格敏感'],
        potential: 'key',
        lifecycle: 'churn_warning',
        competitorContact: true,
        computedTier: 'strategic',
        tierOverride: {
          tier: 'key',
          reason: 'Group pricing',
          by: 'U0MANAGER',
          at: new Date('2026-02-01T02:00:00Z'),
        },
        tier: 'key',
      }),
    ],
    [
      'a contact with a full birthday and no opt-outs',
      customer({
        contacts: [
          {
            key: 'k1',
            name: 'Wang Fang',
            birthday: '1985-12-31',
            phone: '+8613900001111',
            optOuts: [],
          },
        ],
        needs: { items: [{ text: 'Faster quotes', urgent: false, important: false }] },
      }),
    ],
  ])('%s: the Edit form read back changes nothing', (_name, record) => {
    expect(update(customerFormData(record))).toEqual(sameAs(record));
  });
});

describe('tag families: the pick list and the free text beside it, read as one field (#11)', () => {
  test('create: the picked values (joined with commas by the form) and the typed ones', () => {
    const form = withTagPicks({
      ...complete,
      industry_tags: 'manufacturing,retail',
      industry_tags_other: '汽车零部件， Valves',
      value_tags: 'high-value',
    });
    expect(form.industry_tags_other).toBeUndefined();
    expect(create(form)).toMatchObject({
      industryTags: ['manufacturing', 'retail', '汽车零部件', 'Valves'],
      valueTags: ['high-value'],
    });
    // A family neither picked nor typed in is not in the form.
    expect('need_tags' in form).toBe(false);
  });

  test('a value both picked and typed is one tag (full-width and ASCII too)', () => {
    expect(
      update(
        withTagPicks({
          need_tags: 'price-sensitive',
          need_tags_other: 'price-sensitive, ＶＩＰ, VIP',
        }),
      ),
    ).toEqual({ needTags: ['price-sensitive', 'ＶＩＰ'] });
  });

  test('20 picked tags of up to 40 characters are taken, however long joined; a 21st is not', () => {
    const picks = (n: number, len: number) =>
      Array.from({ length: n }, (_, i) => `${i}`.padEnd(len, 'x'));
    // 20 x 40 characters joined is over 800, past the 400 of the typed input beside the list.
    const twenty = picks(20, 40);
    expect(
      update(withTagPicks({ industry_tags: twenty.join(','), industry_tags_other: '' })),
    ).toEqual({ industryTags: twenty });
    const picked = picks(15, 35);
    expect(
      update(
        withTagPicks({ value_tags: picked.join(','), value_tags_other: 'A'.repeat(40) + ', b' }),
      ),
    ).toEqual({ valueTags: [...picked, 'A'.repeat(40), 'b'] });
    expect(fieldErrors(() => update(withTagPicks({ need_tags: picks(21, 30).join(',') })))).toEqual(
      { need_tags: { key: 'form.error.tooManyTags', params: { max: 20 } } },
    );
    expect(
      fieldErrors(() => update(withTagPicks({ need_tags: 'a', need_tags_other: 'y'.repeat(41) }))),
    ).toEqual({ need_tags: { key: 'form.error.tagTooLong', params: { max: 40 } } });
  });

  test('edit: a family is changed when either of its inputs changed, and then read whole', () => {
    const form = { industry_tags: 'manufacturing', industry_tags_other: 'Valves', region: 'East' };
    expect(withTagPicks(form, { industry_tags_other: 'Valves' })).toEqual({
      industry_tags: 'manufacturing, Valves',
    });
    expect(withTagPicks(form, { industry_tags: 'manufacturing' })).toEqual({
      industry_tags: 'manufacturing, Valves',
    });
    expect(withTagPicks(form, { region: 'East' })).toEqual({ region: 'East' });
    // Everything unpicked and nothing typed: the family is cleared.
    expect(
      update(withTagPicks({ value_tags: '', value_tags_other: '' }, { value_tags: '' })),
    ).toEqual({ valueTags: [] });
  });
});

describe('the needs matrix as rows (#11)', () => {
  const row = (key: string, text?: string, urgent?: boolean, important?: boolean) => ({
    key,
    text,
    urgent,
    important,
  });

  test('a row with text is a need; a mark not chosen is "not"; empty rows are left out', () => {
    expect(
      readNeedRows([
        row('need_0', '  Spare parts   within 48 h ', true, true),
        row('need_3'),
        row('need_4', 'Training', undefined, true),
        row('need_5', '培训', false, false),
      ]),
    ).toEqual({
      items: [
        { text: 'Spare parts within 48 h', urgent: true, important: true },
        { text: 'Training', urgent: false, important: true },
        { text: '培训', urgent: false, important: false },
      ],
      problems: {},
    });
  });

  test('a row rated without its text, or too long, is a problem of that row', () => {
    expect(
      readNeedRows([
        row('need_0', ' ', true),
        row('need_1', '', undefined, false),
        row('need_2', 'x'.repeat(301)),
        row('need_3', 'ok'),
      ]).problems,
    ).toEqual({
      need_0: { key: 'customer.error.needText' },
      need_1: { key: 'customer.error.needText' },
      need_2: { key: 'form.error.tooLong', params: { max: 300 } },
    });
  });

  test('more than 20 needs is a problem of the first row', () => {
    const rows = Array.from({ length: 21 }, (_, i) => row(`need_${i}`, `Need ${i}`));
    expect(readNeedRows(rows).problems).toEqual({
      need_0: { key: 'customer.error.tooManyNeeds', params: { max: 20 } },
    });
  });

  test('the edit form writes the rows when they differ from what the modal opened with', () => {
    const items = [{ text: 'Spare parts', urgent: true, important: false }];
    const was = needsDigest(items);
    const parse = (rows: ReturnType<typeof row>[], form: FormData = {}) =>
      parseCustomerForm(form, { mode: 'update', today: TODAY, needRows: { rows, was } });
    expect(parse([row('need_0', 'Spare parts', true, false)])).toEqual({});
    // An unset mark reads as "not": the same matrix.
    expect(parse([row('need_0', 'Spare parts', true)])).toEqual({});
    expect(parse([row('need_0', 'Spare parts', true, true)])).toEqual({
      needs: { items: [{ text: 'Spare parts', urgent: true, important: true }] },
    });
    // Every row emptied: the matrix is cleared.
    expect(parse([row('need_0', '')])).toEqual({ needs: { items: null } });
    // Row problems come with the other fields' problems, at once.
    expect(fieldErrors(() => parse([row('need_0', '', true)], { needs_budget: 'lots' }))).toEqual({
      need_0: { key: 'customer.error.needText' },
      needs_budget: amountError,
    });
  });

  test('the digest tells matrices apart by text, marks and order', () => {
    const a = { text: 'A', urgent: true, important: false };
    const b = { text: 'B', urgent: false, important: false };
    expect(needsDigest([a, b])).toBe(needsDigest([{ ...a }, { ...b }]));
    expect(needsDigest([a, b])).not.toBe(needsDigest([b, a]));
    expect(needsDigest([a])).not.toBe(needsDigest([{ ...a, important: true }]));
    expect(needsDigest(undefined)).toBe(needsDigest([]));
    expect(needsDigest([a])).toMatch(/^[\w-]{16}$/);
  });
});

describe('a masked personal value edited only in part', () => {
  test('is refused on its field (email, phone, IM), so it is never saved over the real one', () => {
    expect(
      fieldErrors(() =>
        parseContactForm(
          { contact_email: 'w***@example.com', contact_phone: '139****8000', contact_im: 'wx***1' },
          '2026-12-01',
        ),
      ),
    ).toEqual({
      contact_email: { key: 'form.error.masked' },
      contact_phone: { key: 'form.error.masked' },
      contact_im: { key: 'form.error.masked' },
    });
  });
});
