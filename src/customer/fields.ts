/**
 * The customer fields, each said once: where its value lives, its kind (how text becomes a
 * value and back), its label, whether it is personal data, where the modal shows it, its CSV
 * column, and whether it is required. The form parser, the Edit modal's values, the patch, the
 * change log and History, the modal inputs, the CSV columns and the masking are all derived
 * from this table. Adding a field: a row here, the schema (test/unit/customer-fields.test.ts
 * checks both agree) and the catalogues.
 */
import {
  amount,
  birthday,
  choice,
  date,
  email,
  needList,
  phone,
  tags,
  text,
  user,
  yesNo,
  type Kind,
} from '../forms/kinds.js';
import type { MessageKey } from '../i18n/index.js';
import {
  CHURN_REASONS,
  COMPANY_SIZES,
  CONTACT_ROLES,
  CUSTOMER_TYPES,
  LIFECYCLES,
  POTENTIALS,
  SOURCES,
  TIERS,
  VALUE_CLASSES,
  type Contact,
  type Needs,
  type NewCustomer,
  type TagFamily,
  type Tier,
} from './types.js';

/**
 * Where a field's value lives: on the customer, on its primary contact, in its needs, or in
 * the tier override (a tier and its reason, logged together as `tierOverride`).
 */
export type FieldAt =
  | { on: 'customer'; key: Exclude<keyof NewCustomer, 'contacts' | 'needs' | 'tierOverride'> }
  | { on: 'contact'; key: Exclude<keyof Contact, 'key'> }
  | { on: 'needs'; key: keyof Needs }
  | { on: 'override'; key: 'tier' | 'reason' };

/**
 * The sections of the New and Edit modals, in this order, each under its heading: the required
 * fields first (basics, owner and source), then the optional ones; `override` to managers and
 * admins. Within a section, fields keep the registry's order.
 */
export const MODAL_SECTIONS = [
  'basics',
  'owner',
  'company',
  'contact',
  'commercial',
  'needs',
  'notes',
  'override',
] as const;
export type ModalSection = (typeof MODAL_SECTIONS)[number];

export type FieldEdit = 'service' | 'commercial' | 'managers';

/**
 * The key facts of a customer file (manual D 1.26, its missing-information rate: the monthly and
 * quarterly reports count the files lacking one): a contact, the contact's title, a way to reach
 * them (phone or email), the company's size (a person's occupation) and the region. A fact is
 * there when any field marked with it (`key`) has a value. The industry, the customer type and
 * the rest of the basics are required or default, so never missing.
 */
export const KEY_FACTS = ['contact', 'title', 'reach', 'size', 'region'] as const;
export type KeyFact = (typeof KEY_FACTS)[number];

export interface FieldSpec {
  at: FieldAt;
  kind: Kind<unknown>;
  label: MessageKey;
  /** Required on create; given empty later, it is refused (it cannot be cleared). */
  required?: boolean;
  /**
   * Required along with another field (its form name) in the modals: in New customer when that
   * one is given (a contact named without a title is refused, manual D 1.04), in Edit when that
   * one is changed, so an older file without it still saves (form.ts `requiredWith`).
   */
  requiredWith?: { field: string; message: MessageKey };
  /** The value the New customer modal opens with, shown as chosen (the customer type). */
  createDefault?: string;
  /** The key fact it gives (KEY_FACTS): a file with none of its fields lacks it. */
  key?: KeyFact;
  /** An emptied field keeps its value (a field that always has one, like the lifecycle). */
  keepWhenEmpty?: boolean;
  /** Derived by the desk (the tier): logged and shown, never typed in. */
  derived?: boolean;
  /** False: not a line of its own in the change log (the code; the override's reason, which
   * is logged with its tier). */
  logged?: false;
  /**
   * Personal data or a commercial figure (the read rule, src/customer/visibility.ts): shown
   * masked (`phone`, `email`) or as `***` (`hidden`) to those who may not see it
   * (`customer.seeContacts` in src/permissions.ts: the owner, managers, admins), on every
   * surface: the card, History, lists, App Home, exports.
   */
  personal?: 'phone' | 'email' | 'hidden';
  /**
   * Who may change it (src/permissions.ts): `service` fields (contacts, address, region, tags)
   * any service staff; `commercial` (the default) the owner and managers; `managers` (the tier
   * override) managers and admins.
   */
  edit?: FieldEdit;
  modal?: {
    section: ModalSection;
    /** In the Edit modal only (New asks for the essentials). */
    editOnly?: true;
    hint?: MessageKey;
    /** An example shown in the empty input (`customer.placeholder.*`, else a generic one). */
    placeholder?: MessageKey;
    required?: boolean;
  };
  /** The CSV column: its English and Chinese headers and other accepted spellings. */
  csv?: { en: string; zh: string; also?: string[] };
}

const line = (max: number) => text({ max, collapse: true });
const paragraph = (max: number) => text({ max, multiline: true, collapse: true });
const onCustomer = (key: Extract<FieldAt, { on: 'customer' }>['key']): FieldAt => ({
  on: 'customer',
  key,
});
const onContact = (key: Exclude<keyof Contact, 'key'>): FieldAt => ({ on: 'contact', key });
const onNeeds = (key: keyof Needs): FieldAt => ({ on: 'needs', key });
/**
 * A tag family's list (industry, value, need tags: TAG_PICKS): picked from the workspace's
 * suggestions, changed by any service staff, in the modals' company section.
 */
const pickedTags = (
  key: 'industryTags' | 'valueTags' | 'needTags',
  label: MessageKey,
  placeholder: MessageKey,
  csv: NonNullable<FieldSpec['csv']>,
): FieldSpec => ({
  at: onCustomer(key),
  edit: 'service',
  kind: tags({ max: 400, picks: true }),
  label,
  modal: { section: 'company', placeholder },
  csv,
});

/** Every customer field, keyed by its form name (the modal's block id and the CSV field). */
export const CUSTOMER_FIELDS = {
  code: {
    at: onCustomer('code'),
    kind: text({ max: 20, collapse: true, fold: true }),
    label: 'customer.field.code',
    derived: true,
    logged: false,
    csv: { en: 'Code', zh: '客户编号', also: ['customer code', '编号'] },
  },
  name: {
    at: onCustomer('name'),
    kind: line(100),
    label: 'customer.field.name',
    required: true,
    modal: { section: 'basics', placeholder: 'customer.placeholder.name' },
    csv: { en: 'Name', zh: '客户名称', also: ['customer name', '客户名', '名称'] },
  },
  industry: {
    at: onCustomer('industry'),
    kind: line(60),
    label: 'customer.field.industry',
    required: true,
    modal: { section: 'basics', placeholder: 'customer.placeholder.industry' },
    csv: { en: 'Industry', zh: '行业' },
  },
  source: {
    at: onCustomer('source'),
    kind: choice(SOURCES, 'source'),
    label: 'customer.field.source',
    required: true,
    modal: { section: 'owner' },
    csv: { en: 'Source', zh: '客户来源', also: ['来源'] },
  },
  first_contact: {
    at: onCustomer('firstContactDate'),
    kind: date({ past: true }),
    label: 'customer.field.firstContact',
    required: true,
    modal: { section: 'owner' },
    csv: { en: 'First contact', zh: '首次接触日期', also: ['first contact date', '首次接触'] },
  },
  owner: {
    at: onCustomer('ownerId'),
    kind: user(),
    label: 'customer.field.owner',
    required: true,
    modal: { section: 'owner' },
    csv: { en: 'Owner', zh: '负责人', also: ['owner id'] },
  },
  customer_type: {
    at: onCustomer('customerType'),
    kind: choice(CUSTOMER_TYPES, 'customerType'),
    label: 'customer.field.customerType',
    keepWhenEmpty: true,
    createDefault: 'company',
    modal: { section: 'company', hint: 'customer.modal.customerTypeHint' },
    csv: { en: 'Customer type', zh: '客户类型', also: ['type'] },
  },
  company_size: {
    at: onCustomer('companySize'),
    kind: choice(COMPANY_SIZES, 'size'),
    label: 'customer.field.companySize',
    key: 'size',
    modal: { section: 'company' },
    csv: { en: 'Company size', zh: '公司规模', also: ['规模'] },
  },
  occupation: {
    at: onCustomer('occupation'),
    kind: line(60),
    label: 'customer.field.occupation',
    key: 'size',
    modal: {
      section: 'company',
      hint: 'customer.modal.occupationHint',
      placeholder: 'customer.placeholder.occupation',
    },
    csv: { en: 'Occupation', zh: '职业' },
  },
  region: {
    at: onCustomer('region'),
    edit: 'service',
    kind: line(60),
    label: 'customer.field.region',
    key: 'region',
    modal: { section: 'company', placeholder: 'customer.placeholder.region' },
    csv: { en: 'Region', zh: '地区', also: ['区域'] },
  },
  address: {
    at: onCustomer('address'),
    edit: 'service',
    kind: line(200),
    label: 'customer.field.address',
    modal: { section: 'company', editOnly: true, placeholder: 'customer.placeholder.address' },
    personal: 'hidden',
    csv: { en: 'Address', zh: '地址' },
  },
  annual_revenue: {
    at: onCustomer('annualRevenue'),
    kind: amount(),
    label: 'customer.field.annualRevenue',
    personal: 'hidden',
    modal: {
      section: 'commercial',
      hint: 'customer.modal.revenueHint',
      placeholder: 'customer.placeholder.amount',
    },
    csv: { en: 'Annual revenue', zh: '年采购额', also: ['annual purchases', '年度采购额'] },
  },
  potential: {
    at: onCustomer('potential'),
    kind: choice(POTENTIALS, 'potential'),
    label: 'customer.field.potential',
    keepWhenEmpty: true,
    modal: { section: 'commercial' },
    csv: { en: 'Potential', zh: '潜力' },
  },
  tags: {
    at: onCustomer('tags'),
    edit: 'service',
    kind: tags({ max: 400 }),
    label: 'customer.field.tags',
    modal: {
      section: 'company',
      hint: 'customer.modal.tagsHint',
      placeholder: 'customer.placeholder.tags',
    },
    csv: { en: 'Tags', zh: '标签' },
  },
  industry_tags: pickedTags(
    'industryTags',
    'customer.field.industryTags',
    'customer.placeholder.industryTags',
    { en: 'Industry tags', zh: '行业标签' },
  ),
  value_tags: pickedTags(
    'valueTags',
    'customer.field.valueTags',
    'customer.placeholder.valueTags',
    { en: 'Value tags', zh: '价值标签' },
  ),
  need_tags: pickedTags('needTags', 'customer.field.needTags', 'customer.placeholder.needTags', {
    en: 'Need tags',
    zh: '需求标签',
  }),
  lifecycle: {
    at: onCustomer('lifecycle'),
    kind: choice(LIFECYCLES, 'lifecycle'),
    label: 'customer.field.lifecycle',
    keepWhenEmpty: true,
    modal: { section: 'basics', editOnly: true, required: true },
    csv: { en: 'Lifecycle', zh: '生命周期', also: ['客户阶段'] },
  },
  contract_end: {
    at: onCustomer('contractEndDate'),
    kind: date({ past: false }),
    label: 'customer.field.contractEnd',
    personal: 'hidden',
    modal: { section: 'commercial', editOnly: true },
    csv: { en: 'Contract end', zh: '合同到期日', also: ['contract end date', '合同到期'] },
  },
  cooperation_start: {
    at: onCustomer('cooperationStartDate'),
    kind: date({ past: true }),
    label: 'customer.field.cooperationStart',
    modal: { section: 'commercial', editOnly: true },
    personal: 'hidden',
    csv: { en: 'Cooperation start', zh: '合作开始日期', also: ['cooperation start date'] },
  },
  project_until: {
    at: onCustomer('projectUntil'),
    kind: date({ past: false }),
    label: 'customer.field.projectUntil',
    modal: { section: 'commercial', editOnly: true, hint: 'customer.modal.projectUntilHint' },
    csv: { en: 'Project until', zh: '项目截止日期', also: ['project running until', '项目进行至'] },
  },
  contact_name: {
    at: onContact('name'),
    edit: 'service',
    kind: line(60),
    label: 'customer.field.contactName',
    key: 'contact',
    modal: { section: 'contact', placeholder: 'customer.placeholder.contactName' },
    csv: { en: 'Contact', zh: '联系人', also: ['contact name'] },
  },
  contact_role: {
    at: onContact('role'),
    edit: 'service',
    kind: choice(CONTACT_ROLES, 'contactRole'),
    label: 'customer.field.contactRole',
    modal: { section: 'contact', editOnly: true },
    csv: { en: 'Contact role', zh: '联系人角色', also: ['role', '角色'] },
  },
  contact_title: {
    at: onContact('title'),
    edit: 'service',
    kind: line(60),
    label: 'customer.field.contactTitle',
    key: 'title',
    requiredWith: { field: 'contact_name', message: 'customer.error.contactTitle' },
    modal: { section: 'contact', placeholder: 'customer.placeholder.contactTitle' },
    csv: { en: 'Contact title', zh: '职务', also: ['title', '职位'] },
  },
  contact_phone: {
    at: onContact('phone'),
    edit: 'service',
    kind: phone(),
    label: 'customer.field.contactPhone',
    key: 'reach',
    personal: 'phone',
    modal: { section: 'contact', placeholder: 'customer.placeholder.contactPhone' },
    csv: { en: 'Phone', zh: '电话', also: ['contact phone', '手机', '联系电话'] },
  },
  contact_email: {
    at: onContact('email'),
    edit: 'service',
    kind: email(),
    label: 'customer.field.contactEmail',
    key: 'reach',
    personal: 'email',
    modal: { section: 'contact', placeholder: 'customer.placeholder.contactEmail' },
    csv: { en: 'Email', zh: '邮箱', also: ['contact email', '电子邮箱'] },
  },
  contact_im: {
    at: onContact('im'),
    edit: 'service',
    kind: line(60),
    label: 'customer.field.contactIm',
    personal: 'hidden',
    modal: { section: 'contact', editOnly: true, placeholder: 'customer.placeholder.contactIm' },
    csv: { en: 'IM', zh: '即时通讯', also: ['wechat', '微信', 'im handle'] },
  },
  contact_birthday: {
    at: onContact('birthday'),
    edit: 'service',
    kind: birthday(),
    label: 'customer.field.contactBirthday',
    personal: 'hidden',
    modal: {
      section: 'contact',
      editOnly: true,
      placeholder: 'customer.placeholder.contactBirthday',
    },
    csv: { en: 'Birthday', zh: '生日' },
  },
  contact_channel: {
    at: onContact('preferredChannel'),
    edit: 'service',
    kind: line(40),
    label: 'customer.field.contactChannel',
    modal: {
      section: 'contact',
      editOnly: true,
      placeholder: 'customer.placeholder.contactChannel',
    },
    csv: { en: 'Preferred channel', zh: '偏好渠道', also: ['preferred contact'] },
  },
  contact_opt_outs: {
    at: onContact('optOuts'),
    edit: 'service',
    kind: tags({ max: 200 }),
    label: 'customer.field.contactOptOuts',
    modal: {
      section: 'contact',
      editOnly: true,
      placeholder: 'customer.placeholder.contactOptOuts',
    },
    csv: { en: 'Opt-outs', zh: '不接收', also: ['opt outs', 'optouts'] },
  },
  needs_stated: {
    at: onNeeds('stated'),
    kind: paragraph(2000),
    label: 'customer.field.needsStated',
    modal: { section: 'needs', editOnly: true, placeholder: 'customer.placeholder.needsStated' },
    csv: { en: 'Needs', zh: '需求', also: ['stated needs', '明确需求'] },
  },
  needs_implicit: {
    at: onNeeds('implicit'),
    kind: paragraph(2000),
    label: 'customer.field.needsImplicit',
    modal: { section: 'needs', editOnly: true, placeholder: 'customer.placeholder.needsImplicit' },
    csv: { en: 'Implicit needs', zh: '潜在需求' },
  },
  needs_products: {
    at: onNeeds('productPreferences'),
    kind: line(500),
    label: 'customer.field.needsProducts',
    modal: { section: 'needs', editOnly: true, placeholder: 'customer.placeholder.needsProducts' },
    csv: { en: 'Product preferences', zh: '产品偏好' },
  },
  needs_budget: {
    at: onNeeds('budget'),
    kind: amount(),
    label: 'customer.field.needsBudget',
    personal: 'hidden',
    modal: { section: 'needs', editOnly: true, placeholder: 'customer.placeholder.amount' },
    csv: { en: 'Budget', zh: '预算' },
  },
  needs_cycle: {
    at: onNeeds('purchaseCycle'),
    kind: line(100),
    label: 'customer.field.needsCycle',
    modal: { section: 'needs', editOnly: true, placeholder: 'customer.placeholder.needsCycle' },
    csv: { en: 'Purchase cycle', zh: '采购周期' },
  },
  needs_matrix: {
    at: onNeeds('items'),
    kind: needList(),
    label: 'customer.field.needsMatrix',
    modal: { section: 'needs', editOnly: true },
    csv: { en: 'Needs matrix', zh: '需求矩阵', also: ['needs priority', '需求优先级'] },
  },
  competitor_contact: {
    at: onCustomer('competitorContact'),
    kind: yesNo(false),
    label: 'customer.field.competitorContact',
    modal: { section: 'needs', editOnly: true },
    csv: { en: 'Competitor contact', zh: '竞争对手接触', also: ['competitor'] },
  },
  notes: {
    at: onCustomer('notes'),
    edit: 'service',
    kind: paragraph(3000),
    label: 'customer.field.notes',
    modal: { section: 'notes', editOnly: true, placeholder: 'customer.placeholder.notes' },
    csv: { en: 'Notes', zh: '备注', also: ['remarks'] },
  },
  late_record: {
    at: onCustomer('lateRecord'),
    kind: amount(),
    label: 'customer.field.lateRecord',
    derived: true,
    logged: false,
  },
  computed_tier: {
    at: onCustomer('computedTier'),
    kind: choice(TIERS, 'tier'),
    label: 'customer.field.computedTier',
    derived: true,
  },
  tier: {
    at: onCustomer('tier'),
    kind: choice(TIERS, 'tier'),
    label: 'customer.field.tier',
    derived: true,
  },
  value_class: {
    at: onCustomer('valueClass'),
    kind: choice(VALUE_CLASSES, 'valueClass'),
    label: 'customer.field.valueClass',
    derived: true,
  },
  churn_reason: {
    at: onCustomer('churnReason'),
    kind: choice(CHURN_REASONS, 'churnReason'),
    label: 'customer.field.churnReason',
    derived: true,
  },
  tier_override: {
    at: { on: 'override', key: 'tier' },
    kind: choice(TIERS, 'tier'),
    label: 'customer.field.tierOverride',
    edit: 'managers',
    modal: { section: 'override' },
  },
  tier_override_reason: {
    at: { on: 'override', key: 'reason' },
    kind: line(300),
    label: 'customer.field.tierOverrideReason',
    edit: 'managers',
    logged: false,
    modal: { section: 'override', placeholder: 'customer.placeholder.overrideReason' },
  },
} as const satisfies Record<string, FieldSpec>;

export type CustomerField = keyof typeof CUSTOMER_FIELDS;

/** The registry as a list, in its order (the modal's, the CSV's and the change log's). */
export const FIELDS: readonly (readonly [CustomerField, FieldSpec])[] = Object.entries(
  CUSTOMER_FIELDS,
) as [CustomerField, FieldSpec][];

/** The values the New customer modal opens with (`createDefault`), by form name. */
export function createDefaults(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, spec] of FIELDS) if (spec.createDefault) out[field] = spec.createDefault;
  return out;
}

/** Where the key facts' fields are stored: a projection that reads only them. */
export const KEY_FACT_PROJECTION: Readonly<Record<string, 1>> = Object.fromEntries(
  FIELDS.flatMap(([, spec]) =>
    !spec.key
      ? []
      : spec.at.on === 'customer'
        ? [[spec.at.key, 1]]
        : spec.at.on === 'contact'
          ? [[`contacts.${spec.at.key}`, 1]]
          : [],
  ),
);

/** The key facts a file lacks (none of their fields has a value), in KEY_FACTS' order. */
export function missingKeyFacts(c: Partial<NewCustomer>): KeyFact[] {
  const file = { contacts: [], ...c } as NewCustomer;
  const given = new Set<KeyFact>();
  for (const [, spec] of FIELDS) {
    if (!spec.key) continue;
    const value = valueAt(file, spec.at);
    const empty =
      value === undefined ||
      value === null ||
      (typeof value === 'string' && !value.trim()) ||
      (Array.isArray(value) && !value.length);
    if (!empty) given.add(spec.key);
  }
  return KEY_FACTS.filter((fact) => !given.has(fact));
}

/** The name a field has in the change log: `name`, `contact.phone`, `needs.budget`, `tierOverride`. */
export function logName(at: FieldAt): string {
  switch (at.on) {
    case 'customer':
      return at.key;
    case 'contact':
      return `contact.${at.key}`;
    case 'needs':
      return `needs.${at.key}`;
    case 'override':
      return 'tierOverride';
  }
}

/**
 * The tier override as the change log keeps it: one value, `tier: reason` (the tier's code, a
 * word of TIERS, never holds `: `), so the override and its reason are one line of History.
 */
export function overrideLogValue(
  override: { tier: Tier; reason: string } | undefined,
): string | undefined {
  return override ? `${override.tier}: ${override.reason}` : undefined;
}

/** A logged override read back into its tier and reason; undefined for any other value. */
export function readOverrideLogValue(value: unknown): { tier: Tier; reason: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([a-z]+): ?([\s\S]*)$/.exec(value);
  const tier = TIERS.find((t) => t === match?.[1]);
  return tier ? { tier, reason: match![2]! } : undefined;
}

/** The value a field has on a customer (the primary contact's, for contact fields). */
export function valueAt(c: NewCustomer, at: FieldAt): unknown {
  switch (at.on) {
    case 'customer':
      return c[at.key];
    case 'contact':
      return c.contacts[0]?.[at.key];
    case 'needs':
      return c.needs?.[at.key];
    case 'override':
      return c.tierOverride?.[at.key];
  }
}

/**
 * Fields by change-log name (the form field and its spec), for History's labels, masking and
 * who may change what. The override's reason is logged with its tier.
 */
export const FIELDS_BY_LOG_NAME: ReadonlyMap<string, readonly [CustomerField, FieldSpec]> = new Map(
  FIELDS.filter(([, spec]) => spec.logged !== false).map((entry) => [logName(entry[1].at), entry]),
);

/**
 * The tag families' fields (manual C): each is a pick list in the customer modal, offering the
 * manuals' suggestions and the workspace's values in use, with a free-text input beside it
 * (`<field>_other`, comma separated) for a value not in the list yet.
 */
/**
 * The fields people type free text into (notes, needs): for a reader who may not see personal
 * data, the phones and emails in them are masked (src/privacy/free-text.ts) on the card, in
 * History and in a masked export.
 */
export const TYPED_TEXT_FIELDS = [
  'notes',
  'needs_stated',
  'needs_implicit',
  'needs_products',
  'needs_cycle',
  'needs_matrix',
] as const satisfies readonly CustomerField[];

/**
 * The contact's fields people type free text into (its title, preferred channel and opt-outs;
 * not its name, which names the contact as a customer's name names the customer, nor its role, a
 * choice): a masked export shows the phones and emails in them masked, as in notes and needs.
 */
export const CONTACT_TYPED_TEXT_FIELDS = [
  'contact_title',
  'contact_channel',
  'contact_opt_outs',
] as const satisfies readonly CustomerField[];

export const TAG_PICKS: readonly (readonly [CustomerField, TagFamily])[] = [
  ['industry_tags', 'industry'],
  ['value_tags', 'value'],
  ['need_tags', 'needs'],
];

/** The free-text input beside a tag family's pick list. */
export const otherTagsField = (field: string): string => `${field}_other`;

/** One need row of the customer Edit modal (#11) as typed: marks not chosen are undefined. */
export interface NeedRowState {
  id: number;
  text?: string | undefined;
  urgent?: boolean | undefined;
  important?: boolean | undefined;
}

/** A need row's blocks: its text input and, beside it, its marks and Remove (an actions block). */
export const needRowBlock = (id: number): string => `need_${id}`;
export const needMarksBlock = (id: number): string => `need_${id}_marks`;
