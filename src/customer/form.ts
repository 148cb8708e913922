import { FieldErrors, type FieldProblem } from '../errors.js';
import { amount, date, text, choice, type FormData } from '../forms/kinds.js';
import { optional, readField, readForm, required } from '../forms/read.js';
import { FIELDS, logName, valueAt, type CustomerField } from './fields.js';
import { HIDDEN } from './visibility.js';
import {
  INTERACTION_TYPES,
  type Contact,
  type ContactPatch,
  type CustomerPatch,
  type CustomerRecord,
  type InteractionInput,
  type NewCustomerPatch,
  type OrderInput,
  type Tier,
} from './types.js';

export interface ParseOptions {
  mode: 'create' | 'update';
  /** Today in the workspace's zone (YYYY-MM-DD): dates of past events may not be later. */
  today: string;
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
export function parseNewCustomerForm(form: FormData, today: string): NewCustomerPatch {
  const patch = parseCustomerForm(form, { mode: 'create', today });
  const { name, industry, source, firstContactDate, ownerId } = patch;
  // The parser refuses a create form without them; this only tells the compiler.
  if (!name || !industry || !source || !firstContactDate || !ownerId)
    throw new FieldErrors({ name: { key: 'form.error.required' } });
  return { ...patch, name, industry, source, firstContactDate, ownerId };
}

/** A customer as form data: what the Edit modal is filled with and what export writes. */
export function customerFormData(c: CustomerRecord): Record<CustomerField, string | undefined> {
  const data = {} as Record<CustomerField, string | undefined>;
  for (const [field, spec] of FIELDS) {
    const value = valueAt(c, spec.at);
    data[field] =
      value === undefined || value === null ? undefined : spec.kind.format(value) || undefined;
  }
  return data;
}

/** The contact form's fields (the registry's contact fields). */
const CONTACT_FIELD_NAMES = FIELDS.filter(([, spec]) => spec.at.on === 'contact').map(([f]) => f);

/**
 * Validates a contact form (the Contacts modal's, a contacts-file row): only the contact fields
 * given are read; an emptied one clears. Throws FieldErrors naming each bad field.
 */
export function parseContactForm(form: FormData, today: string): ContactPatch {
  const only: FormData = {};
  for (const field of CONTACT_FIELD_NAMES) if (field in form) only[field] = form[field];
  return parseCustomerForm(only, { mode: 'update', today }).contact ?? {};
}

/** A contact as form data: what the contact form is filled with and the contacts file writes. */
export function contactFormData(contact: Contact): Record<string, string | undefined> {
  const data: Record<string, string | undefined> = {};
  for (const [field, spec] of FIELDS) {
    if (spec.at.on !== 'contact') continue;
    const value = contact[spec.at.key];
    data[field] =
      value === undefined || value === null ? undefined : spec.kind.format(value) || undefined;
  }
  return data;
}

/**
 * The form data of a customer as `view` (src/customer/visibility.ts) shows it: the masked
 * fields say their masked value (`138****5678`, `***`) instead of the value.
 */
export function maskedFormData(
  customer: CustomerRecord,
  view: CustomerRecord,
): Record<CustomerField, string | undefined> {
  const data = customerFormData(customer);
  if (!view.masked?.length) return data;
  for (const [field, spec] of FIELDS) {
    if (!spec.personal || !view.masked.includes(logName(spec.at))) continue;
    const shown = valueAt(view, spec.at);
    data[field] = typeof shown === 'string' && shown ? shown : HIDDEN;
  }
  return data;
}

/** The Log interaction modal: type, date, summary (required), feedback, next step and date. */
export function parseInteractionForm(form: FormData, today: string): InteractionInput {
  const v = readForm(
    form,
    {
      type: required(choice(INTERACTION_TYPES, 'interaction')),
      date: required(date({ past: true })),
      summary: required(text({ max: 2000, multiline: true })),
      feedback: optional(text({ max: 2000, multiline: true })),
      next_step: optional(text({ max: 300 })),
      next_step_date: optional(date({ past: false })),
    },
    today,
  );
  return {
    type: v.type,
    date: v.date,
    summary: v.summary,
    ...(v.feedback ? { feedback: v.feedback } : {}),
    ...(v.next_step ? { nextStep: v.next_step } : {}),
    ...(v.next_step_date ? { nextStepDate: v.next_step_date } : {}),
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
    },
    today,
    (values, problems) => {
      if (values.amount !== undefined && values.amount <= 0)
        problems.amount = { key: 'order.error.negative' };
    },
  );
  return {
    date: v.date,
    amount: v.amount,
    ...(v.number ? { number: v.number } : {}),
    ...(v.note ? { note: v.note } : {}),
  };
}
