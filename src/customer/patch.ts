/**
 * Applying a patch to a customer and saying what changed: pure, derived from the field
 * registry, so a field in the registry is always applied and always logged.
 */
import { FieldErrors } from '../errors.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { FIELDS, logName, overrideLogValue, valueAt } from './fields.js';
import { computeTier, nameKey, newContactKey, searchTerms } from './rules.js';
import type { Contact, CustomerPatch, NewCustomer } from './types.js';

/** Merges `changes` over `base`: a value sets, `null` removes, an absent key keeps. */
function merge(
  base: Record<string, unknown> | undefined,
  changes: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** Contact details that need a contact name to belong to. */
const CONTACT_DETAILS = ['title', 'phone', 'email', 'im', 'birthday', 'preferredChannel', 'role'];

/**
 * Applies a patch to a customer, recomputing what derives from it (name key, tier, search
 * terms). The computed tier follows the workspace's current thresholds only when the annual
 * purchases change (a new file's, an order recorded, the figure edited) or the patch asks it
 * (`retier`: the quarterly review): a thresholds change reaches the other files at the review,
 * as the settings confirmation says, and the review tells each move. Contact changes apply to the contact of key `contactKey` where it now is (the Edit
 * modal's primary contact when it opened; `''`: it opened without one), else to the primary
 * contact (a CSV row); a contact with details needs a name. A contact the form was about that
 * is gone (or one added meanwhile to a form opened without any) is refused on the contact's
 * name, so the details never land on someone else; so is a name changed to one another contact
 * has (a name kept as it is saves, even where an older file has two contacts of that name).
 */
export function applyPatch(
  current: NewCustomer,
  patch: CustomerPatch,
  settings: Pick<WorkspaceSettings, 'tiers'>,
  actor: string,
  now: Date,
  contactKey?: string,
): NewCustomer {
  const { contact, contacts, needs, tierOverride, retier, ...simple } = patch;
  const next = merge(
    current as unknown as Record<string, unknown>,
    simple,
  ) as unknown as NewCustomer;
  next.contacts = contacts ? contacts.map((c) => ({ ...c })) : [...current.contacts];
  next.tags = [...(next.tags ?? [])];
  if (needs) {
    const merged = merge({ ...current.needs }, needs);
    if (Object.keys(merged).length) next.needs = merged;
    else delete next.needs;
  }
  if (contact) {
    const index =
      contactKey === undefined
        ? 0
        : contactKey === ''
          ? next.contacts.length
            ? -1
            : 0
          : next.contacts.findIndex((c) => c.key === contactKey);
    if (index < 0)
      throw new FieldErrors({ contact_name: { key: 'customer.error.contactChanged' } });
    const target = next.contacts[index];
    const others = next.contacts.filter((_, i) => i !== index);
    const merged = merge({ ...target, optOuts: target?.optOuts ?? [] }, contact);
    if (!merged.name && CONTACT_DETAILS.some((k) => merged[k])) {
      throw new FieldErrors({ contact_name: { key: 'customer.error.contactNameNeeded' } });
    }
    // Another contact's name (a customers row from when she was the primary, Edit customer's
    // name typed over): refused as the Contacts form refuses it, never two contacts of one name.
    // Only a name that changes onto another's: a row naming the contact as she is saves, though
    // a file left with two of one name (before the refusal) has another of that name.
    const name = typeof merged.name === 'string' ? merged.name : '';
    const renamed = nameKey(name) !== nameKey(target?.name ?? '');
    if (name && renamed && others.some((c) => nameKey(c.name) === nameKey(name)))
      throw new FieldErrors({
        contact_name: { key: 'contacts.error.duplicate', params: { contact: name } },
      });
    merged.key ??= newContactKey(others.map((c) => c.key));
    if (merged.name) others.splice(index, 0, merged as unknown as Contact);
    next.contacts = others;
  }
  if (tierOverride === null) delete next.tierOverride;
  else if (tierOverride) {
    const unchanged =
      current.tierOverride?.tier === tierOverride.tier &&
      current.tierOverride.reason === tierOverride.reason;
    next.tierOverride = unchanged ? current.tierOverride : { ...tierOverride, by: actor, at: now };
  }
  if (simple.name) next.nameKey = nameKey(simple.name);
  // The guest mark is of the owner it was read for: another owner, not said to be one, drops it.
  if (simple.ownerId !== undefined && simple.ownerId !== current.ownerId && !simple.ownerGuest)
    delete next.ownerGuest;
  if (retier || !sameValue(next.annualRevenue, current.annualRevenue))
    next.computedTier = computeTier(next.annualRevenue, settings.tiers);
  next.tier = next.tierOverride?.tier ?? next.computedTier;
  next.searchTerms = searchTerms({
    code: next.code,
    name: next.name,
    contactNames: next.contacts.map((c) => c.name),
    tags: [
      ...next.tags,
      ...(next.industryTags ?? []),
      ...(next.valueTags ?? []),
      ...(next.needTags ?? []),
    ],
  });
  return next;
}

/** A field's value as the change log keeps it: lists as their text, the override as `tier: reason`. */
function logged(c: NewCustomer, spec: (typeof FIELDS)[number][1]): unknown {
  const { at } = spec;
  if (at.on === 'override') return overrideLogValue(c.tierOverride);
  const value = valueAt(c, at);
  return Array.isArray(value) ? spec.kind.format(value) || undefined : value;
}

/** Whether two stored values are the same (absent and null alike). */
export const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
  /** The contact a contact change is about. */
  subject?: string;
  /**
   * On a contact's removal: `false` when they were not the primary contact (the primary's
   * removal writes a `contacts.primary` line instead). Absent on removals logged before
   * 2026-12-04, where the log cannot tell (DataSubjectRepository.contactHistory).
   */
  primary?: false;
}

/** The registry's contact fields: what a contact has, in the registry's order. */
const CONTACT_FIELDS = FIELDS.filter(([, spec]) => spec.at.on === 'contact');

/** A contact field's value as the change log keeps it. */
function contactValue(contact: Contact | undefined, spec: (typeof FIELDS)[number][1]): unknown {
  if (!contact || spec.at.on !== 'contact') return undefined;
  const value = contact[spec.at.key];
  return Array.isArray(value) ? spec.kind.format(value) || undefined : value;
}

/**
 * What changed between two contact lists, contact by contact (matched by key), each change
 * naming its contact: a contact added is its name and each detail from empty, one removed its
 * name to empty (marked `primary: false` when not the primary), and a new primary contact (the
 * primary removed too) is one `contacts.primary` line.
 */
export function contactChanges(before: Contact[], after: Contact[]): FieldChange[] {
  const changes: FieldChange[] = [];
  const was = new Map(before.map((c) => [c.key, c]));
  const now = new Set(after.map((c) => c.key));
  for (const contact of after) {
    const old = was.get(contact.key);
    for (const [, spec] of CONTACT_FIELDS) {
      const oldValue = contactValue(old, spec);
      const newValue = contactValue(contact, spec);
      if (!sameValue(oldValue, newValue))
        changes.push({
          field: logName(spec.at),
          oldValue: oldValue ?? null,
          newValue: newValue ?? null,
          subject: contact.name,
        });
    }
  }
  for (const contact of before)
    if (!now.has(contact.key))
      changes.push({
        field: 'contact.name',
        oldValue: contact.name,
        newValue: null,
        subject: contact.name,
        ...(contact.key === before[0]!.key ? {} : { primary: false as const }),
      });
  // The primary removed too (to the next contact, or to none): the change log's entries that
  // name no contact are about the primary then (DataSubjectRepository.contactHistory).
  if (before.length && before[0]!.key !== after[0]?.key)
    changes.push({
      field: 'contacts.primary',
      oldValue: before[0]!.name,
      newValue: after[0]?.name ?? null,
    });
  return changes;
}

/** Every logged field whose value differs between two versions of a customer, in registry order. */
export function changedFields(before: NewCustomer, after: NewCustomer): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [, spec] of FIELDS) {
    if (spec.logged === false) continue;
    const field = logName(spec.at);
    const oldValue = logged(before, spec);
    const newValue = logged(after, spec);
    if (!sameValue(oldValue, newValue))
      changes.push({ field, oldValue: oldValue ?? null, newValue: newValue ?? null });
  }
  return changes;
}

/** The stored fields that differ: what to $set and what to $unset. */
export function storedDifference(
  before: NewCustomer,
  after: NewCustomer,
): { set: Partial<NewCustomer>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const key of Object.keys({ ...before, ...after }) as (keyof NewCustomer)[]) {
    if (sameValue(before[key], after[key])) continue;
    if (after[key] === undefined) unset.push(key);
    else set[key] = after[key];
  }
  return { set: set as Partial<NewCustomer>, unset };
}
