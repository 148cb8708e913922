/**
 * Who sees what of a customer: the read rule, said once. Personal data and commercial figures
 * (phone, email, IM, birthday, address, annual purchases, budget, orders, contract and
 * cooperation dates: the registry's `personal` fields, src/customer/fields.ts) are shown in
 * clear to the customer's owner, managers and admins (`customer.seeContacts` in
 * src/permissions.ts) and masked or hidden for everyone else, on every surface: the card,
 * History, lists, App Home, per-owner report lines, edit forms and exports all read a customer
 * through `customerView` (or `maskCustomer` when nobody in particular reads it). Pure.
 */
import { may, workspaceRoles } from '../permissions.js';
import { hasPersonalText, maskFreeText } from '../privacy/free-text.js';
import {
  CONTACT_TYPED_TEXT_FIELDS,
  CUSTOMER_FIELDS,
  FIELDS,
  FIELDS_BY_LOG_NAME,
  logName,
  overrideLogValue,
  readOverrideLogValue,
  TYPED_TEXT_FIELDS,
  type CustomerField,
  type FieldSpec,
} from './fields.js';
import { maskEmail, maskPhone } from './rules.js';
import {
  HIDDEN,
  type ChangeRecord,
  type Contact,
  type ContactPatch,
  type CustomerPatch,
  type CustomerRecord,
} from './types.js';

export { HIDDEN };

type RoleSettings = Parameters<typeof workspaceRoles>[0];
type Personal = NonNullable<FieldSpec['personal']>;

/** Whether `viewerId` sees `customer`'s personal data and commercial figures in clear. */
export function maySeePersonal(
  settings: RoleSettings,
  customer: Pick<CustomerRecord, 'ownerId'>,
  viewerId: string,
): boolean {
  return may(settings, viewerId, 'customer.seeContacts', { customer });
}

/** A personal value as others see it: `138****5678`, `z***@example.com`, else `***`. */
export function maskValue(kind: Personal, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  if (typeof value !== 'string') return HIDDEN;
  if (kind === 'phone') return maskPhone(value);
  if (kind === 'email') return maskEmail(value);
  return HIDDEN;
}

/**
 * The customer with every personal field masked (strings) or removed (numbers, orders), the
 * phones and emails typed into its contacts' titles, preferred channels and opt-outs masked, and
 * `masked` listing the change-log names of what was masked, so a surface can say `***`.
 */
export function maskCustomer(customer: CustomerRecord): CustomerRecord {
  const top: Record<string, unknown> = { ...customer };
  const contacts = customer.contacts.map((c) => ({ ...c }) as Record<string, unknown>);
  const needs: Record<string, unknown> | undefined = customer.needs
    ? { ...customer.needs }
    : undefined;
  const masked = new Set<string>();
  const mask = (target: Record<string, unknown>, key: string, kind: Personal, name: string) => {
    const value = target[key];
    if (value === undefined || value === null || value === '') return;
    masked.add(name);
    if (typeof value === 'string') target[key] = maskValue(kind, value);
    else delete target[key];
  };
  for (const [, spec] of FIELDS) {
    if (!spec.personal) continue;
    const name = logName(spec.at);
    if (spec.at.on === 'customer') mask(top, spec.at.key, spec.personal, name);
    else if (spec.at.on === 'contact')
      for (const c of contacts) mask(c, spec.at.key, spec.personal, name);
    else if (spec.at.on === 'needs' && needs) mask(needs, spec.at.key, spec.personal, name);
  }
  // The phones and emails typed into each contact's title, preferred channel and opt-outs, masked
  // as the card masks the notes' (a masked CSV export masks them likewise).
  for (const field of CONTACT_TYPED_TEXT_FIELDS) {
    const { at } = CUSTOMER_FIELDS[field] as FieldSpec;
    if (at.on !== 'contact') continue;
    for (const c of contacts) {
      const value = c[at.key];
      const shown = maskTyped(value);
      if (JSON.stringify(shown) === JSON.stringify(value)) continue;
      c[at.key] = shown;
      masked.add(logName(at));
    }
  }
  // The commercial figures outside the registry (derived from orders) go too.
  if (Object.keys(customer.ordersByMonth ?? {}).length) masked.add('ordersByMonth');
  top.ordersByMonth = {};
  if (customer.lastOrderDate) masked.add('lastOrderDate');
  delete top.lastOrderDate;
  return {
    ...(top as unknown as CustomerRecord),
    contacts: contacts as unknown as CustomerRecord['contacts'],
    ...(needs ? { needs: needs as CustomerRecord['needs'] } : {}),
    masked: [...masked],
  };
}

/** The customer as `viewerId` may see it: itself for those allowed, else masked. */
export function customerView(
  settings: RoleSettings,
  customer: CustomerRecord,
  viewerId: string,
): CustomerRecord {
  return maySeePersonal(settings, customer, viewerId) ? customer : maskCustomer(customer);
}

/** Whether a view shows a field masked (by change-log name: `annualRevenue`, `contact.phone`). */
export function isMasked(customer: Pick<CustomerRecord, 'masked'>, name: string): boolean {
  return customer.masked?.includes(name) ?? false;
}

/**
 * A typed text (or a list of them, a contact's opt-outs) with the phones and emails in it masked;
 * anything else as it is.
 */
function maskTyped(value: unknown): unknown {
  if (typeof value === 'string') return maskFreeText(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskFreeText(v) : v));
  return value;
}

/**
 * The change-log names of the fields people type free text into (notes, needs, a contact's
 * title, preferred channel and opt-outs, and the upgrade intent, logged outside the registry).
 */
const TYPED_LOG_NAMES: ReadonlySet<string> = new Set([
  ...[...TYPED_TEXT_FIELDS, ...CONTACT_TYPED_TEXT_FIELDS].map((field) =>
    logName(CUSTOMER_FIELDS[field].at),
  ),
  'upgradeIntent',
]);

/** A logged tier override (`tier: reason`) with the phones and emails in its reason masked. */
function maskOverride(value: unknown): unknown {
  const override = readOverrideLogValue(value);
  return override
    ? overrideLogValue({ tier: override.tier, reason: maskFreeText(override.reason) })
    : maskTyped(value);
}

/**
 * A change-log entry as someone who may (`visible`) or may not see personal data reads it:
 * personal fields masked, and the phones and emails typed into notes, needs, a contact's
 * title, preferred channel and opt-outs, an upgrade intent and a tier override's reason masked
 * as the card masks them.
 */
export function changeView(visible: boolean, change: ChangeRecord): ChangeRecord {
  if (visible) return change;
  const typed = TYPED_LOG_NAMES.has(change.field)
    ? maskTyped
    : change.field === 'tierOverride'
      ? maskOverride
      : undefined;
  if (typed)
    return { ...change, oldValue: typed(change.oldValue), newValue: typed(change.newValue) };
  const personal = FIELDS_BY_LOG_NAME.get(change.field)?.[1].personal;
  if (!personal) return change;
  return {
    ...change,
    oldValue: maskValue(personal, change.oldValue),
    newValue: maskValue(personal, change.newValue),
  };
}

/** A field's value as the text a person typed (a list as its cell), if any. */
function typedText(spec: FieldSpec, value: unknown): string | undefined {
  return value === undefined || value === null
    ? undefined
    : typeof value === 'string'
      ? value
      : spec.kind.format(value);
}

/** Whether `given` holds a mask where `stored` has a phone or email a masked view hid. */
function leftMasked(spec: FieldSpec, given: unknown, stored: unknown): boolean {
  if (!typedText(spec, given)?.includes(HIDDEN)) return false;
  const storedText = typedText(spec, stored);
  return storedText !== undefined && maskFreeText(storedText) !== storedText;
}

/** What `patch` gives a customer's or its needs' typed-text field (none for a contact's). */
function typedIn(patch: CustomerPatch, at: FieldSpec['at']): unknown {
  if (at.on === 'customer') return (patch as Record<string, unknown>)[at.key];
  return at.on === 'needs' ? patch.needs?.[at.key] : undefined;
}

/**
 * The typed-text fields (notes, needs, and the title, preferred channel and opt-outs of the
 * contact `patch.contact` is about: `contactKey`, else the primary one) of `patch` that still hold
 * a mask (`139****5678`) where the stored text has a phone or email the reader saw masked: saved,
 * the mask would replace the number. Left exactly as shown, a field is not in the patch at all
 * (unchanged).
 */
export function typedTextStillMasked(
  customer: CustomerRecord,
  patch: CustomerPatch,
  contactKey?: string,
): CustomerField[] {
  const typed = TYPED_TEXT_FIELDS.filter((field) => {
    const spec: FieldSpec = CUSTOMER_FIELDS[field];
    const { at } = spec;
    const given = typedIn(patch, at);
    const stored =
      at.on === 'customer'
        ? (customer as unknown as Record<string, unknown>)[at.key]
        : at.on === 'needs'
          ? customer.needs?.[at.key]
          : undefined;
    return leftMasked(spec, given, stored);
  });
  if (!patch.contact) return typed;
  const contact =
    contactKey === undefined
      ? customer.contacts[0]
      : customer.contacts.find((c) => c.key === contactKey);
  return [...typed, ...contactTypedTextStillMasked(contact, patch.contact)];
}

/**
 * The contact's typed-text fields (title, preferred channel, opt-outs) of `patch` that still hold
 * a mask where the stored contact's text has a phone or email a masked export hid (as
 * `typedTextStillMasked` for notes); none for a new contact.
 */
export function contactTypedTextStillMasked(
  contact: Contact | undefined,
  patch: ContactPatch,
): CustomerField[] {
  if (!contact) return [];
  return CONTACT_TYPED_TEXT_FIELDS.filter((field) => {
    const spec: FieldSpec = CUSTOMER_FIELDS[field];
    const { at } = spec;
    if (at.on !== 'contact') return false;
    return leftMasked(
      spec,
      (patch as Record<string, unknown>)[at.key],
      (contact as unknown as Record<string, unknown>)[at.key],
    );
  });
}

/**
 * The typed-text fields of `patch` (notes, needs, and the title, preferred channel and opt-outs
 * of its contact) that hold a phone or email in clear: what a form shown in clear to someone who
 * may no longer see personal data may not write (`CustomerService`, access lost since it opened).
 */
export function typedTextWithPersonalData(patch: CustomerPatch): CustomerField[] {
  const typed = TYPED_TEXT_FIELDS.filter((field) => {
    const spec: FieldSpec = CUSTOMER_FIELDS[field];
    const { at } = spec;
    return hasPersonalText(typedText(spec, typedIn(patch, at)));
  });
  return patch.contact ? [...typed, ...contactTypedTextWithPersonalData(patch.contact)] : typed;
}

/** The contact's typed-text fields of `patch` holding a phone or email in clear (as above). */
export function contactTypedTextWithPersonalData(patch: ContactPatch): CustomerField[] {
  return CONTACT_TYPED_TEXT_FIELDS.filter((field) => {
    const spec: FieldSpec = CUSTOMER_FIELDS[field];
    const { at } = spec;
    if (at.on !== 'contact') return false;
    return hasPersonalText(typedText(spec, (patch as Record<string, unknown>)[at.key]));
  });
}

/** Whether an export by `actor` carries personal data in clear: admins only. */
export function exportsInClear(settings: RoleSettings, actor: string): boolean {
  return workspaceRoles(settings, actor).has('admin');
}
