/** Who may see and change what in the customer file (pure). */
import { FieldErrors, type FieldProblem } from '../errors.js';
import type { WorkspaceSettings } from '../workspace/settings.js';
import { FIELDS_BY_LOG_NAME } from './fields.js';
import { maskEmail, maskPhone } from './rules.js';
import type { ChangeRecord, CustomerRecord } from './types.js';

/** Managers and admins: they see contact details in clear, change any customer, override tiers. */
export function isManager(
  settings: Pick<WorkspaceSettings, 'admins' | 'managers'>,
  userId: string,
) {
  return settings.admins.includes(userId) || settings.managers.includes(userId);
}

/** Admins: they edit the workspace's settings (`/desk settings`). */
export function isAdmin(settings: Pick<WorkspaceSettings, 'admins'>, userId: string): boolean {
  return settings.admins.includes(userId);
}

/** The owner, managers and admins see a customer's contact details and may change it. */
export function canSeeContacts(
  settings: Pick<WorkspaceSettings, 'admins' | 'managers'>,
  customer: Pick<CustomerRecord, 'ownerId'>,
  userId: string,
): boolean {
  return customer.ownerId === userId || isManager(settings, userId);
}

/** A personal value as others see it: `138****5678`, `z***@example.com`, `***`. */
function masked(kind: 'phone' | 'email' | 'hidden', value: string): string {
  if (kind === 'phone') return maskPhone(value);
  if (kind === 'email') return maskEmail(value);
  return '***';
}

/** The customer as `viewerId` may see it: personal contact fields masked unless allowed. */
export function viewFor(
  settings: Pick<WorkspaceSettings, 'admins' | 'managers'>,
  customer: CustomerRecord,
  viewerId: string,
): CustomerRecord {
  if (canSeeContacts(settings, customer, viewerId)) return customer;
  return {
    ...customer,
    contacts: customer.contacts.map((contact) => {
      const copy: Record<string, unknown> = { ...contact };
      for (const [key, value] of Object.entries(contact)) {
        const personal = FIELDS_BY_LOG_NAME.get(`contact.${key}`)?.[1].personal;
        if (personal && typeof value === 'string' && value) copy[key] = masked(personal, value);
      }
      return copy as unknown as CustomerRecord['contacts'][number];
    }),
  };
}

/** A change-log entry as `viewerId` may see it, masked like the card. */
export function changeFor(visible: boolean, change: ChangeRecord): ChangeRecord {
  const personal = FIELDS_BY_LOG_NAME.get(change.field)?.[1].personal;
  if (visible || !personal) return change;
  const mask = (v: unknown) => (typeof v === 'string' ? masked(personal, v) : v);
  return { ...change, oldValue: mask(change.oldValue), newValue: mask(change.newValue) };
}

/**
 * Refuses changes the actor may not make: fields only managers and admins may change (the
 * tier override), each named on its form field.
 */
export function assertMayEdit(
  settings: Pick<WorkspaceSettings, 'admins' | 'managers'>,
  actor: string,
  changes: { field: string }[],
): void {
  if (isManager(settings, actor)) return;
  const problems: Record<string, FieldProblem> = {};
  for (const change of changes) {
    const [field, spec] = FIELDS_BY_LOG_NAME.get(change.field) ?? [];
    if (field && spec?.managersOnly) problems[field] = { key: spec.managersOnly.refusal };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}
