import { createHash } from 'node:crypto';
import { FieldErrors, type FieldProblem } from '../errors.js';
import { amount, date, needList, text, choice, user, type FormData } from '../forms/kinds.js';
import { optional, readField, readForm, required } from '../forms/read.js';
import type { Locale } from '../i18n/index.js';
import { hasPersonalText, maskFreeText, unmaskFreeText } from '../privacy/free-text.js';
import { typedExcerpt } from '../text/clip.js';
import type { UnfitPerson } from '../workspace/types.js';
import {
  CUSTOMER_FIELDS,
  CONTACT_TYPED_TEXT_FIELDS,
  FIELDS,
  TAG_PICKS,
  TYPED_TEXT_FIELDS,
  logName,
  otherTagsField,
  valueAt,
  type CustomerField,
  type FieldSpec,
} from './fields.js';
import { HIDDEN } from './visibility.js';
import {
  INTERACTION_TYPES,
  type Contact,
  type ContactPatch,
  type CustomerPatch,
  type CustomerRecord,
  type InteractionInput,
  type NeedItem,
  type NewCustomerPatch,
  type OrderInput,
  type Tier,
} from './types.js';

export interface ParseOptions {
  mode: 'create' | 'update';
  /** Today in the workspace's zone (YYYY-MM-DD): dates of past events may not be later. */
  today: string;
  /**
   * The needs matrix as rows (the Edit modal's): read by parseNeedRows, a bad row's problem
   * under its key; the items are written unless their digest is `was` (unchanged since the
   * modal opened, so someone else's edit meanwhile is not undone).
   */
  needRows?: { rows: readonly NeedRowInput[]; was?: string };
  /**
   * Also refuse a field required with another that the form leaves empty (the New customer
   * modal and a CSV row of a new customer; the Edit modal, which gives the contact's title with a
   * changed contact name, as a CSV row naming another contact does; the contact form and a
   * contacts-file row: `parseContactForm`).
   */
  requiredWith?: true;
}

/** One need row as typed: its key (where its problem shows), text, and the two marks if set. */
export interface NeedRowInput {
  key: string;
  text?: string | undefined;
  urgent?: boolean | undefined;
  important?: boolean | undefined;
}

/** Manual C's matrix holds at most this many needs, of at most NEED_MAX characters each. */
export const NEEDS_MAX = 20;
export const NEED_MAX = 300;

/**
 * Reads the rows of the needs matrix: a row with text is a need (a mark not set means not
 * urgent, not important); an empty row is skipped, unless a mark is set on it (then it asks for
 * its text). Problems are keyed by the rows' keys.
 */
export function readNeedRows(rows: readonly NeedRowInput[]): {
  items: NeedItem[];
  problems: Record<string, FieldProblem>;
} {
  const items: NeedItem[] = [];
  const problems: Record<string, FieldProblem> = {};
  for (const row of rows) {
    const text = row.text?.trim().replace(/\s+/g, ' ');
    if (!text) {
      if (row.urgent !== undefined || row.important !== undefined)
        problems[row.key] = { key: 'customer.error.needText' };
      continue;
    }
    // Kept with its problem: a matrix left as it opened is not refused for it (parseCustomerForm).
    if (text.length > NEED_MAX)
      problems[row.key] = { key: 'form.error.tooLong', params: { max: NEED_MAX } };
    items.push({ text, urgent: row.urgent === true, important: row.important === true });
  }
  if (items.length > NEEDS_MAX && rows[0])
    problems[rows[0].key] ??= { key: 'customer.error.tooManyNeeds', params: { max: NEEDS_MAX } };
  return { items, problems };
}

/** A short digest of a needs matrix: what the Edit modal carries to tell whether it changed. */
export function needsDigest(items: readonly NeedItem[] | undefined): string {
  const text = needList().format([...(items ?? [])]);
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/**
 * A tag family's pick list and the free text beside it, as one field: the values picked and
 * those typed (comma separated), read together by the family's tags kind. In `changed` (the
 * Edit modal's changed inputs), the family is there when either input changed.
 */
export function withTagPicks(form: FormData, changed?: FormData): FormData {
  const out: FormData = { ...(changed ?? form) };
  for (const [field] of TAG_PICKS) {
    const other = otherTagsField(field);
    const touched = changed ? field in changed || other in changed : field in form || other in form;
    delete out[other];
    if (!touched) continue;
    out[field] = [form[field], form[other]].filter((v) => v?.trim()).join(', ');
  }
  return out;
}

/** Sets one value in a patch at a field's place (the override is put together by the caller). */
function setIn(patch: CustomerPatch, spec: (typeof FIELDS)[number][1], value: unknown): void {
  const { at } = spec;
  if (at.on === 'contact') (patch.contact ??= {} as Record<string, unknown>)[at.key] = value;
  else if (at.on === 'needs') (patch.needs ??= {} as Record<string, unknown>)[at.key] = value;
  else if (at.on === 'customer') (patch as Record<string, unknown>)[at.key] = value;
}

/**
 * Validates a customer form (the modal's inputs or a CSV row) by the field registry. Throws
 * FieldErrors naming every bad field with a catalogue message; returns the patch otherwise.
 * Only fields present in `form` end up in the patch: an emptied optional field clears it, an
 * emptied required one is refused.
 */
export function parseCustomerForm(form: FormData, options: ParseOptions): CustomerPatch {
  const problems: Record<string, FieldProblem> = {};
  const patch: CustomerPatch = {};
  const override: { tier?: unknown; reason?: unknown } = {};
  for (const [field, spec] of FIELDS) {
    if (spec.derived) continue;
    const given = field in form;
    if (!given && !(options.mode === 'create' && spec.required)) continue;
    // A masked value (`w***@example.cn`) edited only in part would be saved over the real one:
    // it is typed again whole (left exactly as shown, it is not given: unchanged).
    if (spec.personal && form[field]?.includes(HIDDEN)) {
      problems[field] = { key: 'form.error.masked' };
      continue;
    }
    const read = readField(form[field], spec.kind, options.today);
    if ('problem' in read) {
      problems[field] = read.problem;
      continue;
    }
    if (spec.at.on === 'override') override[spec.at.key] = read.value;
    else if (read.value !== undefined) setIn(patch, spec, read.value);
    else if (spec.required) problems[field] = { key: 'form.error.required' };
    else if (!spec.keepWhenEmpty) setIn(patch, spec, spec.kind.cleared);
  }
  // A field required with another (the contact's title with its name), where the caller asks it:
  // refused empty when the other has a value (on create, given or not; in an update, given: the
  // Edit modal gives the title with a changed name, so an older file without one still saves).
  for (const [field, spec] of FIELDS) {
    const needs = spec.requiredWith;
    if (!needs || problems[field] || !form[needs.field]?.trim() || form[field]?.trim()) continue;
    if (!options.requiredWith) continue;
    if (options.mode === 'create' || field in form) problems[field] = { key: needs.message };
  }
  if (options.needRows) {
    const { items, problems: rowProblems } = readNeedRows(options.needRows.rows);
    // A matrix left as it opened is neither written nor checked again: a need grown past its
    // limit by an erasure's marks does not stop a save of other fields.
    if (needsDigest(items) !== options.needRows.was) {
      Object.assign(problems, rowProblems);
      if (!Object.keys(rowProblems).length)
        (patch.needs ??= {}).items = items.length ? items : null;
    }
  }
  // The override is its tier and its reason together; no tier removes it.
  if ('tier_override' in form && !problems.tier_override) {
    if (override.tier === undefined) patch.tierOverride = null;
    else if (override.reason === undefined)
      problems.tier_override_reason ??= { key: 'customer.error.overrideReason' };
    else patch.tierOverride = { tier: override.tier as Tier, reason: String(override.reason) };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return patch;
}

/**
 * Validates the form of a new customer: every required field must be there (FieldErrors
 * otherwise), so the patch is one a customer can be created from.
 */
export function parseNewCustomerForm(
  form: FormData,
  today: string,
  options: { requiredWith?: true } = {},
): NewCustomerPatch {
  const patch = parseCustomerForm(form, { mode: 'create', today, ...options });
  const { name, industry, source, firstContactDate, ownerId } = patch;
  // The parser refuses a create form without them; this only tells the compiler.
  if (!name || !industry || !source || !firstContactDate || !ownerId)
    throw new FieldErrors({ name: { key: 'form.error.required' } });
  return { ...patch, name, industry, source, firstContactDate, ownerId };
}

/**
 * A customer as form data: what the Edit modal is filled with and what export writes, in
 * `locale`'s words where a value has some (a phone's extension).
 */
export function customerFormData(
  c: CustomerRecord,
  locale?: Locale,
): Record<CustomerField, string | undefined> {
  const data = {} as Record<CustomerField, string | undefined>;
  for (const [field, spec] of FIELDS) {
    const value = valueAt(c, spec.at);
    data[field] =
      value === undefined || value === null
        ? undefined
        : spec.kind.format(value, locale) || undefined;
  }
  return data;
}

/** The contact form's fields (the registry's contact fields). */
const CONTACT_FIELD_NAMES = FIELDS.filter(([, spec]) => spec.at.on === 'contact').map(([f]) => f);

/**
 * Validates a contact form (the Contacts modal's, a contacts-file row): only the contact fields
 * given are read; an emptied one clears. Throws FieldErrors naming each bad field.
 * `requiredWith`: a field required with another (the title with the name, manual D 1.04) is
 * refused empty: `new`, a new contact's, given or not (a file without the column), as New
 * customer asks it; `given`, where the form gives it (an edited contact's form gives the title
 * with a changed name, as Edit customer does), so an older contact without one still saves.
 */
export function parseContactForm(
  form: FormData,
  today: string,
  requiredWith?: 'new' | 'given',
): ContactPatch {
  const only: FormData = {};
  for (const field of CONTACT_FIELD_NAMES) if (field in form) only[field] = form[field];
  if (requiredWith === 'new')
    for (const [field, spec] of FIELDS)
      if (spec.requiredWith && spec.requiredWith.field in only && !(field in only))
        only[field] = '';
  return (
    parseCustomerForm(only, {
      mode: 'update',
      today,
      ...(requiredWith ? { requiredWith: true as const } : {}),
    }).contact ?? {}
  );
}

/**
 * An edited contact's changed inputs, with each field required with a changed one (the title of
 * a renamed contact) that the form leaves empty: `parseContactForm` (`given`) refuses it, as Edit
 * customer does. One the form shows filled is left out, as unchanged.
 */
export function withRequiredContactFields(form: FormData, changed: FormData): FormData {
  const out: FormData = { ...changed };
  for (const [field, spec] of FIELDS)
    if (
      spec.at.on === 'contact' &&
      spec.requiredWith &&
      spec.requiredWith.field in changed &&
      !(field in changed) &&
      !form[field]?.trim()
    )
      out[field] = form[field] ?? '';
  return out;
}

/**
 * A contact as form data: what the contact form is filled with and the contacts file writes (in
 * `locale`'s words, as customerFormData).
 */
export function contactFormData(
  contact: Contact,
  locale?: Locale,
): Record<string, string | undefined> {
  const data: Record<string, string | undefined> = {};
  for (const [field, spec] of FIELDS) {
    if (spec.at.on !== 'contact') continue;
    const value = contact[spec.at.key];
    data[field] =
      value === undefined || value === null
        ? undefined
        : spec.kind.format(value, locale) || undefined;
  }
  return data;
}

/** The form fields `view` (src/customer/visibility.ts) shows masked to its reader. */
export function maskedFields(view: Pick<CustomerRecord, 'masked'>): CustomerField[] {
  if (!view.masked?.length) return [];
  return FIELDS.filter(([, spec]) => spec.personal && view.masked!.includes(logName(spec.at))).map(
    ([field]) => field,
  );
}

/**
 * The form data of a customer as `view` (src/customer/visibility.ts) shows it: the masked
 * fields say their masked value (`138****5678`, `***`) instead of the value (a masked export's
 * cells; the Edit modal opens a masked date empty, as a date picker holds only a date). A masked
 * field left as it opened is not submitted as changed, so the stored value stays.
 */
export function maskedFormData(
  customer: CustomerRecord,
  view: CustomerRecord,
  locale?: Locale,
): Record<CustomerField, string | undefined> {
  const data = customerFormData(customer, locale);
  for (const field of maskedFields(view)) {
    const spec: FieldSpec = CUSTOMER_FIELDS[field];
    const shown = valueAt(view, spec.at);
    data[field] = typeof shown === 'string' && shown ? shown : HIDDEN;
  }
  // The phones and emails typed into notes, needs and the contact's title, preferred channel and
  // opt-outs, masked as the card masks them.
  if (view.masked)
    for (const field of [...TYPED_TEXT_FIELDS, ...CONTACT_TYPED_TEXT_FIELDS])
      data[field] = maskFreeText(data[field]);
  return data;
}

/**
 * The needs matrix's rows as `view` shows them: the phones and emails typed into them masked
 * for a reader who may not see personal data (the Edit modal's rows and their digest, so rows
 * left as shown are not written).
 */
export function shownNeedItems(
  customer: CustomerRecord,
  view: Pick<CustomerRecord, 'masked'>,
): NeedItem[] | undefined {
  const items = customer.needs?.items;
  if (!items || !view.masked) return items;
  return items.map((item) => ({ ...item, text: maskFreeText(item.text) }));
}

/**
 * What was typed into an Edit form that showed `stored`'s notes and needs masked (its reader may
 * not see personal data), with the masked phones and emails of `stored` put back as stored: a
 * note changed around `138****8000` keeps the number. A masked value that stands for two
 * different ones is refused on its field, to be typed again whole.
 */
export function unmaskTypedText<R extends NeedRowInput>(
  stored: CustomerRecord,
  changed: FormData,
  rows: readonly R[] | undefined,
): { changed: FormData; rows: R[] | undefined } {
  const storedData = customerFormData(stored);
  const sources = TYPED_TEXT_FIELDS.map((field) => storedData[field]);
  const problems: Record<string, FieldProblem> = {};
  const back = (key: string, text: string | undefined) => {
    if (!text) return text;
    const out = unmaskFreeText(text, sources);
    if (out === undefined) problems[key] = { key: 'form.error.masked' };
    return out ?? text;
  };
  const form: FormData = { ...changed };
  for (const field of TYPED_TEXT_FIELDS) if (field in form) form[field] = back(field, form[field]);
  const typedRows = rows?.map((row) => ({ ...row, text: back(row.key, row.text) }));
  if (Object.keys(problems).length) throw new FieldErrors(problems);
  return { changed: form, rows: typedRows };
}

/**
 * The needs matrix's refusals (keyed `needs_matrix`, a context block in the Edit modal, not an
 * input) put on its rows' inputs, so that they show inline beside any other field's: a masked
 * text on the changed rows whose text still holds a mask (`***`), anything else (a field the
 * person may not change) on the changed rows; on the first row when no row changed (one was
 * removed). `rows`: the rows as submitted (masks put back as `unmaskTypedText` does); `stored`:
 * the matrix as saved. Without rows the refusals are left as they are.
 */
export function onNeedRows(
  fields: Readonly<Record<string, FieldProblem>>,
  rows: readonly NeedRowInput[] | undefined,
  stored: readonly NeedItem[] | undefined,
): Record<string, FieldProblem> {
  const { needs_matrix: problem, ...rest } = fields;
  if (!problem || !rows?.length) return { ...fields };
  const changed = rows.filter((row) => {
    const text = row.text?.trim().replace(/\s+/g, ' ');
    return !(stored ?? []).some(
      (item) =>
        item.text === text &&
        item.urgent === (row.urgent === true) &&
        item.important === (row.important === true),
    );
  });
  const masked = changed.filter((row) => row.text?.includes(HIDDEN));
  // A phone or email typed by someone who lost sight of them: on the rows that hold one.
  const personal = changed.filter((row) => hasPersonalText(row.text));
  const on =
    problem.key === 'form.error.masked' && masked.length
      ? masked
      : problem.key === 'customer.error.accessChangedSinceOpen' && personal.length
        ? personal
        : changed.length
          ? changed
          : rows.slice(0, 1);
  return { ...rest, ...Object.fromEntries(on.map((row) => [row.key, problem])) };
}

/**
 * Refuses an owner Slack says is no person who could look after a customer (Slack's users
 * select cannot leave them out): a bot or a deactivated account (`PeopleCheck`, as `/desk
 * roles` asks it). Guests are not refused: what the README refuses them is a desk role (which
 * shows every customer's file), not owning customers of their own. Asked by the New and Edit
 * modals before they save (a refusal on the field in the ack), and again by the save.
 */
export function refuseUnfitOwner(
  ownerId: string | undefined,
  unfit: readonly UnfitPerson[] = [],
): void {
  const person = unfit.find((p) => p.userId === ownerId && p.reason !== 'guest');
  if (!person) return;
  throw new FieldErrors({
    owner: {
      key: 'customer.error.ownerUnfit',
      params: { reason: person.reason, name: typedExcerpt(person.name, 80) },
    },
  });
}

/**
 * Whether Slack said the owner picked is a guest of the workspace (`unfit`, as refuseUnfitOwner
 * reads it): recorded on the file (`ownerGuest`), so the desk's tasks go to their manager.
 */
export function ownerIsGuest(
  ownerId: string | undefined,
  unfit: readonly UnfitPerson[] = [],
): boolean {
  return unfit.some((p) => p.userId === ownerId && p.reason === 'guest');
}

/**
 * An interaction's next step (domain §3: every interaction records one): what, by when, and who
 * signs its task off. A date makes it a task for whoever logged it. Read alike by Log interaction
 * and a task's Done, with checkNextStep.
 */
export const NEXT_STEP_RULES = {
  next_step: optional(text({ max: 300 })),
  next_step_date: optional(date({ past: false })),
  next_step_approver: optional(user()),
};

/** NEXT_STEP_RULES across its fields: an approver needs a date (only a dated step is a task). */
export function checkNextStep(
  values: { next_step_date?: string | undefined; next_step_approver?: string | undefined },
  problems: Record<string, FieldProblem>,
): void {
  if (values.next_step_approver && !values.next_step_date)
    problems.next_step_date ??= { key: 'interaction.error.approverNeedsDate' };
}

/**
 * The next step as read by NEXT_STEP_RULES, with what was left empty left out; its approver
 * (`nextStepApproverId`) is kept on its task, not on the interaction.
 */
export function nextStepOf(v: {
  next_step?: string | undefined;
  next_step_date?: string | undefined;
  next_step_approver?: string | undefined;
}): Pick<InteractionInput, 'nextStep' | 'nextStepDate'> & { nextStepApproverId?: string } {
  return {
    ...(v.next_step ? { nextStep: v.next_step } : {}),
    ...(v.next_step_date ? { nextStepDate: v.next_step_date } : {}),
    ...(v.next_step_approver ? { nextStepApproverId: v.next_step_approver } : {}),
  };
}

/**
 * The Log interaction modal: type, date, summary (required), feedback, next step and date, and
 * who signs the next step's task off (`nextStepApproverId`, kept on the task, not on the
 * interaction): an approver needs a date, as only a dated next step becomes a task.
 */
/**
 * An upgrade intent's fields (domain 3, normal tier: it goes to sales), on Log interaction and
 * a ticket's Resolve: the tick and what they want (`upgrade_what`), each refused on its field
 * without the other (`checkUpgradeIntent`, in readForm's cross-field check).
 */
export const UPGRADE_RULES = { upgrade_what: optional(text({ max: 300 })) };

/** Whether the form's Upgrade intent box is ticked. */
export function upgradeTicked(form: FormData): boolean {
  return (form.upgrade_intent ?? '').split(',').includes('yes');
}

/** The tick without what they want, or what without the tick: refused on its field. */
export function checkUpgradeIntent(
  ticked: boolean,
  values: { upgrade_what?: string | undefined },
  problems: Record<string, FieldProblem>,
): void {
  if (ticked && !values.upgrade_what)
    problems.upgrade_what ??= { key: 'interaction.error.upgradeWhatNeeded' };
  if (!ticked && values.upgrade_what)
    problems.upgrade_intent ??= { key: 'interaction.error.upgradeNotTicked' };
}

export function parseInteractionForm(
  form: FormData,
  today: string,
): InteractionInput & { nextStepApproverId?: string; upgradeWhat?: string } {
  // Upgrade intent (domain 3, normal tier: it goes to sales): ticked, with what they want.
  const intent = upgradeTicked(form);
  const v = readForm(
    form,
    {
      type: required(choice(INTERACTION_TYPES, 'interaction')),
      date: required(date({ past: true })),
      summary: required(text({ max: 2000, multiline: true })),
      feedback: optional(text({ max: 2000, multiline: true })),
      ...NEXT_STEP_RULES,
      ...UPGRADE_RULES,
    },
    today,
    (values, problems) => {
      checkNextStep(values, problems);
      checkUpgradeIntent(intent, values, problems);
    },
  );
  return {
    type: v.type,
    date: v.date,
    summary: v.summary,
    ...(v.feedback ? { feedback: v.feedback } : {}),
    ...nextStepOf(v),
    ...(intent && v.upgrade_what ? { upgradeWhat: v.upgrade_what } : {}),
  };
}

/** The Record order modal (and order CSV rows): date, amount above zero, number, note. */
export function parseOrderForm(form: FormData, today: string): OrderInput {
  const v = readForm(
    form,
    {
      date: required(date({ past: true })),
      amount: required(amount()),
      number: optional(text({ max: 60, fold: true })),
      note: optional(text({ max: 500 })),
      delivered: optional(date({ past: true })),
    },
    today,
    (values, problems) => {
      if (values.amount !== undefined && values.amount <= 0)
        problems.amount = { key: 'order.error.negative' };
      // A minus sign is a refund or a return: no order, and the user is told so.
      if (problems.amount?.key === 'form.error.amountNegative')
        problems.amount = { key: 'order.error.refund' };
      // Delivered before it was ordered: a typo, not a delivery to revisit.
      if (values.delivered && values.date && values.delivered < values.date)
        problems.delivered = { key: 'order.error.deliveredBeforeOrder' };
    },
  );
  return {
    date: v.date,
    amount: v.amount,
    ...(v.number ? { number: v.number } : {}),
    ...(v.note ? { note: v.note } : {}),
    ...(v.delivered ? { deliveredOn: v.delivered } : {}),
  };
}

/** Record delivery on the card: the order picked (its id) and the day it was delivered. */
export function parseDeliveryForm(
  form: FormData,
  today: string,
): { orderId: string; deliveredOn: string } {
  const v = readForm(
    form,
    { order: required(text({ max: 40 })), delivered: required(date({ past: true })) },
    today,
  );
  return { orderId: v.order, deliveredOn: v.delivered };
}
