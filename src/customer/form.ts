import { FieldErrors, type FieldProblem } from '../errors.js';
import { catalogues, type MessageKey } from '../i18n/index.js';
import { parseDateOnly } from '../time.js';
import type { CustomerRecord } from './repository.js';
import type { InteractionInput, OrderInput } from './service.js';
import {
  COMPANY_SIZES,
  INTERACTION_TYPES,
  LIFECYCLES,
  POTENTIALS,
  SOURCES,
  TIERS,
  isValidEmail,
  isValidPhone,
  normalisePhone,
  parseTags,
  type CompanySize,
  type Lifecycle,
  type Potential,
  type Source,
  type Tier,
} from './rules.js';

/**
 * The customer form as plain data: field name -> text. The modal's block ids and the CSV
 * columns use these same names, so one parser validates both paths with the same messages.
 */
export const CUSTOMER_FIELDS = [
  'code',
  'name',
  'industry',
  'source',
  'first_contact',
  'owner',
  'company_size',
  'region',
  'address',
  'annual_revenue',
  'contact_name',
  'contact_title',
  'contact_phone',
  'contact_email',
  'tags',
  'potential',
  'lifecycle',
  'contract_end',
  'cooperation_start',
  'tier_override',
  'tier_override_reason',
  'competitor_contact',
  'contact_im',
  'contact_birthday',
  'contact_channel',
  'contact_opt_outs',
  'needs_stated',
  'needs_implicit',
  'needs_products',
  'needs_budget',
  'needs_cycle',
  'needs_urgent',
  'needs_important',
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type FormData = Partial<Record<string, string | undefined>>;

/** Changes to the primary contact: a value sets, `null` clears, an absent key keeps. */
export type ContactPatch = Partial<
  Record<
    'name' | 'title' | 'phone' | 'email' | 'im' | 'birthday' | 'preferredChannel',
    string | null
  > & {
    optOuts: string[] | null;
  }
>;

/** Changes to the customer's needs, same rules. */
export type NeedsPatch = Partial<
  Record<'stated' | 'implicit' | 'productPreferences' | 'purchaseCycle', string | null> & {
    budget: number | null;
    urgent: boolean | null;
    important: boolean | null;
  }
>;

/** What a form sets. `null` clears an optional field; an absent key leaves it as it is. */
export interface CustomerPatch {
  name?: string;
  industry?: string;
  source?: Source;
  firstContactDate?: string;
  ownerId?: string;
  companySize?: CompanySize | null;
  region?: string | null;
  address?: string | null;
  annualRevenue?: number | null;
  contact?: ContactPatch;
  tags?: string[];
  potential?: Potential;
  lifecycle?: Lifecycle;
  contractEndDate?: string | null;
  cooperationStartDate?: string | null;
  /** `null` removes an override. */
  tierOverride?: { tier: Tier; reason: string } | null;
  needs?: NeedsPatch;
  competitorContact?: boolean;
}

const REQUIRED_ON_CREATE: CustomerField[] = [
  'name',
  'industry',
  'source',
  'first_contact',
  'owner',
];

const LIMITS: Partial<Record<CustomerField, number>> = {
  name: 100,
  industry: 60,
  region: 60,
  address: 200,
  contact_name: 60,
  contact_title: 60,
  contact_email: 120,
  contact_im: 60,
  contact_channel: 40,
  contact_opt_outs: 200,
  needs_stated: 2000,
  needs_implicit: 2000,
  needs_products: 500,
  needs_cycle: 100,
  tags: 400,
  tier_override_reason: 300,
};

/** Matches a value by its id or by its label in any language (`telemarketing`, `电话营销`). */
function choice<T extends string>(
  raw: string,
  values: readonly T[],
  labelPrefix: string,
): T | undefined {
  const wanted = raw.normalize('NFKC').trim().toLowerCase();
  for (const value of values) {
    if (value.toLowerCase() === wanted) return value;
    for (const catalogue of Object.values(catalogues)) {
      const label = catalogue[`${labelPrefix}.${value}` as MessageKey];
      if (label?.toLowerCase() === wanted) return value;
    }
  }
  return undefined;
}

/** `1,200,000`, `120万`, `1.5亿`, `¥300000` -> yuan; undefined when it is not an amount. */
export function parseAmount(raw: string): number | undefined {
  const m = /^[¥￥]?\s*([\d,，]*\.?\d+)\s*(万|亿)?\s*(元)?$/.exec(raw.normalize('NFKC').trim());
  if (!m) return undefined;
  const base = Number(m[1]!.replace(/[,，]/g, ''));
  if (!Number.isFinite(base)) return undefined;
  const factor = m[2] === '万' ? 10_000 : m[2] === '亿' ? 100_000_000 : 1;
  return Math.round(base * factor * 100) / 100;
}

/** `yes`/`no` in either language (empty: null). */
function yesNo(raw: string | undefined): boolean | null | undefined {
  if (!raw) return null;
  const v = raw.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', '是', '有'].includes(v)) return true;
  if (['no', 'n', 'false', '0', '否', '无'].includes(v)) return false;
  return undefined;
}

/** A birthday as `MM-DD` (or a full date, kept whole); undefined when it is not a real date. */
function parseBirthday(raw: string): string | undefined {
  const full = parseDateOnly(raw);
  if (full) return full;
  const m = /^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  // 2024 is a leap year, so 02-29 is a valid birthday.
  return parseDateOnly(`2024-${month}-${day}`)
    ? `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    : undefined;
}

export interface ParseOptions {
  mode: 'create' | 'update';
  /** Today in the workspace's zone (YYYY-MM-DD): dates of past events may not be later. */
  today: string;
}

/**
 * Validates a customer form. Throws FieldErrors naming every bad field with a catalogue message;
 * returns the patch otherwise. Only keys present in `form` end up in the patch.
 */
export function parseCustomerForm(form: FormData, options: ParseOptions): CustomerPatch {
  const problems: Record<string, FieldProblem> = {};
  const has = (field: CustomerField) => field in form;
  const text = (field: CustomerField): string | undefined => {
    const value = form[field]
      ?.normalize('NFKC')
      .trim()
      .replace(/[ \t]+/g, ' ');
    if (!value) return undefined;
    const max = LIMITS[field];
    if (max && value.length > max) problems[field] = { key: 'form.error.tooLong', params: { max } };
    return value;
  };
  const patch: CustomerPatch = {};

  for (const field of REQUIRED_ON_CREATE) {
    if ((options.mode === 'create' || has(field)) && !text(field)) {
      problems[field] = { key: 'form.error.required' };
    }
  }
  const name = text('name');
  if (name) patch.name = name;
  const industry = text('industry');
  if (industry) patch.industry = industry;

  const source = text('source');
  if (source) {
    const value = choice(source, SOURCES, 'source');
    if (value) patch.source = value;
    else problems.source = { key: 'form.error.choice', params: { choices: SOURCES.join(', ') } };
  }
  const owner = text('owner');
  if (owner) {
    if (/^[UW][A-Z0-9]{2,}$/.test(owner)) patch.ownerId = owner;
    else problems.owner = { key: 'form.error.user' };
  }

  const date = (field: CustomerField, past: boolean): string | null | undefined => {
    if (!has(field)) return undefined;
    const raw = text(field);
    if (!raw) return null;
    const value = parseDateOnly(raw);
    if (!value) problems[field] = { key: 'form.error.date' };
    else if (past && value > options.today) problems[field] = { key: 'form.error.futureDate' };
    return value ?? null;
  };
  const firstContact = date('first_contact', true);
  if (firstContact) patch.firstContactDate = firstContact;
  const contractEnd = date('contract_end', false);
  if (contractEnd !== undefined) patch.contractEndDate = contractEnd;
  const cooperationStart = date('cooperation_start', true);
  if (cooperationStart !== undefined) patch.cooperationStartDate = cooperationStart;

  if (has('company_size')) {
    const raw = text('company_size');
    const value = raw ? choice(raw, COMPANY_SIZES, 'size') : null;
    if (value === undefined) {
      problems.company_size = {
        key: 'form.error.choice',
        params: { choices: COMPANY_SIZES.join(', ') },
      };
    } else patch.companySize = value;
  }
  if (has('region')) patch.region = text('region') ?? null;
  if (has('address')) patch.address = text('address') ?? null;

  if (has('annual_revenue')) {
    const raw = text('annual_revenue');
    const value = raw ? parseAmount(raw) : null;
    if (value === undefined) problems.annual_revenue = { key: 'form.error.amount' };
    else patch.annualRevenue = value;
  }

  // Only the contact columns present are patched; the service merges them over the current
  // primary contact and checks that a contact with details still has a name.
  const contactFields = {
    name: 'contact_name',
    title: 'contact_title',
    phone: 'contact_phone',
    email: 'contact_email',
    im: 'contact_im',
    birthday: 'contact_birthday',
    preferredChannel: 'contact_channel',
  } as const;
  const contact: ContactPatch = {};
  const contactText = contact as Record<string, string | null>;
  for (const [key, field] of Object.entries(contactFields) as [
    keyof typeof contactFields,
    CustomerField,
  ][]) {
    if (!has(field)) continue;
    const value = text(field);
    if (key === 'phone' && value && !isValidPhone(value))
      problems.contact_phone = { key: 'form.error.phone' };
    if (key === 'email' && value && !isValidEmail(value))
      problems.contact_email = { key: 'form.error.email' };
    contactText[key] = !value
      ? null
      : key === 'phone'
        ? normalisePhone(value)
        : key === 'email'
          ? value.toLowerCase()
          : value;
  }
  if (contact.birthday) {
    const birthday = parseBirthday(contact.birthday);
    if (birthday) contact.birthday = birthday;
    else problems.contact_birthday = { key: 'form.error.birthday' };
  }
  if (has('contact_opt_outs')) contact.optOuts = parseTags(text('contact_opt_outs'));
  if (Object.keys(contact).length) patch.contact = contact;

  const needs: NeedsPatch = {};
  const needsText = {
    stated: 'needs_stated',
    implicit: 'needs_implicit',
    productPreferences: 'needs_products',
    purchaseCycle: 'needs_cycle',
  } as const;
  for (const [key, field] of Object.entries(needsText) as [
    keyof typeof needsText,
    CustomerField,
  ][]) {
    if (has(field)) needs[key] = text(field) ?? null;
  }
  if (has('needs_budget')) {
    const raw = text('needs_budget');
    const value = raw ? parseAmount(raw) : null;
    if (value === undefined) problems.needs_budget = { key: 'form.error.amount' };
    else needs.budget = value;
  }
  for (const [key, field] of [
    ['urgent', 'needs_urgent'],
    ['important', 'needs_important'],
  ] as const) {
    if (!has(field)) continue;
    const value = yesNo(text(field));
    if (value === undefined) problems[field] = { key: 'form.error.yesNo' };
    else needs[key] = value;
  }
  if (Object.keys(needs).length) patch.needs = needs;
  if (has('competitor_contact')) {
    const value = yesNo(text('competitor_contact'));
    if (value === undefined) problems.competitor_contact = { key: 'form.error.yesNo' };
    else patch.competitorContact = value ?? false;
  }

  if (has('tags')) patch.tags = parseTags(text('tags'));
  const potential = text('potential');
  if (potential) {
    const value = choice(potential, POTENTIALS, 'potential');
    if (value) patch.potential = value;
    else
      problems.potential = { key: 'form.error.choice', params: { choices: POTENTIALS.join(', ') } };
  }
  const lifecycle = text('lifecycle');
  if (lifecycle) {
    const value = choice(lifecycle, LIFECYCLES, 'lifecycle');
    if (value) patch.lifecycle = value;
    else
      problems.lifecycle = { key: 'form.error.choice', params: { choices: LIFECYCLES.join(', ') } };
  }

  if (has('tier_override')) {
    const raw = text('tier_override');
    const reason = text('tier_override_reason');
    if (!raw) patch.tierOverride = null;
    else {
      const tier = choice(raw, TIERS, 'tier');
      if (!tier)
        problems.tier_override = {
          key: 'form.error.choice',
          params: { choices: TIERS.join(', ') },
        };
      else if (!reason) problems.tier_override_reason = { key: 'customer.error.overrideReason' };
      else patch.tierOverride = { tier, reason };
    }
  }

  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return patch;
}

/** A text field, NFKC-normalised and trimmed; too long is a problem on that field. */
export function trimmed(
  form: FormData,
  field: string,
  max: number,
  problems: Record<string, FieldProblem>,
): string | undefined {
  const value = form[field]?.normalize('NFKC').trim();
  if (!value) return undefined;
  if (value.length > max) problems[field] = { key: 'form.error.tooLong', params: { max } };
  return value;
}

function requiredDate(
  form: FormData,
  field: string,
  today: string,
  problems: Record<string, FieldProblem>,
): string {
  const raw = form[field]?.trim();
  const value = raw ? parseDateOnly(raw) : undefined;
  if (!raw) problems[field] = { key: 'form.error.required' };
  else if (!value) problems[field] = { key: 'form.error.date' };
  else if (value > today) problems[field] = { key: 'form.error.futureDate' };
  return value ?? today;
}

/** The Log interaction modal: type, date, summary (required), feedback, next step and date. */
export function parseInteractionForm(form: FormData, today: string): InteractionInput {
  const problems: Record<string, FieldProblem> = {};
  const type = INTERACTION_TYPES.find((v) => v === form.type);
  if (!type)
    problems.type = { key: 'form.error.choice', params: { choices: INTERACTION_TYPES.join(', ') } };
  const date = requiredDate(form, 'date', today, problems);
  const summary = trimmed(form, 'summary', 2000, problems);
  if (!summary) problems.summary = { key: 'form.error.required' };
  const feedback = trimmed(form, 'feedback', 2000, problems);
  const nextStep = trimmed(form, 'next_step', 300, problems);
  const rawNext = form.next_step_date?.trim();
  const nextStepDate = rawNext ? parseDateOnly(rawNext) : undefined;
  if (rawNext && !nextStepDate) problems.next_step_date = { key: 'form.error.date' };
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return {
    type: type!,
    date,
    summary: summary!,
    ...(feedback ? { feedback } : {}),
    ...(nextStep ? { nextStep } : {}),
    ...(nextStepDate ? { nextStepDate } : {}),
  };
}

/** The Record order modal (and order CSV rows): date, amount above zero, number, note. */
export function parseOrderForm(form: FormData, today: string): OrderInput {
  const problems: Record<string, FieldProblem> = {};
  const date = requiredDate(form, 'date', today, problems);
  const rawAmount = form.amount?.trim();
  const amount = rawAmount ? parseAmount(rawAmount) : undefined;
  if (!rawAmount) problems.amount = { key: 'form.error.required' };
  else if (amount === undefined) problems.amount = { key: 'form.error.amount' };
  else if (amount <= 0) problems.amount = { key: 'order.error.negative' };
  const number = trimmed(form, 'number', 60, problems);
  const note = trimmed(form, 'note', 500, problems);
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return { date, amount: amount!, ...(number ? { number } : {}), ...(note ? { note } : {}) };
}

/** A customer as form data: what the Edit modal is filled with and what export writes. */
export function customerFormData(c: CustomerRecord): Record<CustomerField, string | undefined> {
  const contact = c.contacts[0];
  return {
    code: c.code,
    name: c.name,
    industry: c.industry,
    source: c.source,
    first_contact: c.firstContactDate,
    owner: c.ownerId,
    company_size: c.companySize,
    region: c.region,
    address: c.address,
    annual_revenue: c.annualRevenue === undefined ? undefined : String(c.annualRevenue),
    contact_name: contact?.name,
    contact_title: contact?.title,
    contact_phone: contact?.phone,
    contact_email: contact?.email,
    tags: c.tags.join(', '),
    potential: c.potential,
    lifecycle: c.lifecycle,
    contract_end: c.contractEndDate,
    cooperation_start: c.cooperationStartDate,
    tier_override: c.tierOverride?.tier,
    tier_override_reason: c.tierOverride?.reason,
    competitor_contact: c.competitorContact ? 'yes' : 'no',
    contact_im: contact?.im,
    contact_birthday: contact?.birthday,
    contact_channel: contact?.preferredChannel,
    contact_opt_outs: contact?.optOuts.join(', ') || undefined,
    needs_stated: c.needs?.stated,
    needs_implicit: c.needs?.implicit,
    needs_products: c.needs?.productPreferences,
    needs_budget: c.needs?.budget === undefined ? undefined : String(c.needs.budget),
    needs_cycle: c.needs?.purchaseCycle,
    needs_urgent: c.needs?.urgent === undefined ? undefined : c.needs.urgent ? 'yes' : 'no',
    needs_important:
      c.needs?.important === undefined ? undefined : c.needs.important ? 'yes' : 'no',
  };
}
