/** Who may see and change what in the customer file (pure). */
import { FieldErrors, type FieldProblem } from '../errors.js';
import { may, refusalOf, workspaceRoles, type Permission } from '../permissions.js';
import { FIELDS_BY_LOG_NAME, type FieldEdit, type FieldSpec } from './fields.js';
import { maskEmail, maskPhone } from './rules.js';
import type { ChangeRecord, CustomerRecord } from './types.js';

type RoleSettings = Parameters<typeof workspaceRoles>[0];

/** Managers and admins: they see contact details in clear, change any customer, override tiers. */
export function isManager(settings: RoleSettings, userId: string) {
  return workspaceRoles(settings, userId).has('manager');
}

/** The owner, managers and admins see a customer's contact details in clear. */
export function canSeeContacts(
  settings: RoleSettings,
  customer: Pick<CustomerRecord, 'ownerId'>,
  userId: string,
): boolean {
  return may(settings, userId, 'customer.seeContacts', { customer });
}

/** Whether `userId` may change at least some fields of `customer` (may open its Edit form). */
export function mayChangeSomething(
  settings: RoleSettings,
  customer: Pick<CustomerRecord, 'ownerId'>,
  userId: string,
): boolean {
  return (
    may(settings, userId, 'customer.editService', { customer }) ||
    may(settings, userId, 'customer.editCommercial', { customer })
  );
}

/** The permission a change of a field needs: by its registry class. */
export function editPermission(edit: FieldEdit | undefined): Permission {
  if (edit === 'service') return 'customer.editService';
  if (edit === 'managers') return 'customer.overrideTier';
  return 'customer.editCommercial';
}

/** Whether `userId` may change `field` of `customer` (the Edit modal shows only those). */
export function mayEditField(
  settings: RoleSettings,
  customer: Pick<CustomerRecord, 'ownerId'>,
  userId: string,
  spec: Pick<FieldSpec, 'edit'>,
): boolean {
  return may(settings, userId, editPermission(spec.edit), { customer });
}

/** A personal value as others see it: `138****5678`, `z***@example.com`, `***`. */
function masked(kind: 'phone' | 'email' | 'hidden', value: string): string {
  if (kind === 'phone') return maskPhone(value);
  if (kind === 'email') return maskEmail(value);
  return '***';
}

/** The customer as `viewerId` may see it: personal contact fields masked unless allowed. */
export function viewFor(
  settings: RoleSettings,
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
 * Refuses changes the actor may not make, each named on its form field: service fields are for
 * service staff and the owner, commercial ones for the owner and managers, the tier override
 * for managers (src/permissions.ts). Derived fields (the tier) follow from the others.
 */
export function assertMayEdit(
  settings: RoleSettings,
  actor: string,
  customer: Pick<CustomerRecord, 'ownerId'>,
  changes: { field: string }[],
): void {
  const problems: Record<string, FieldProblem> = {};
  for (const change of changes) {
    const [field, spec] = FIELDS_BY_LOG_NAME.get(change.field) ?? [];
    if (!field || !spec || spec.derived) continue;
    if (!mayEditField(settings, customer, actor, spec))
      problems[field] = {
        key: refusalOf(editPermission(spec.edit)),
        params: { owner: customer.ownerId },
      };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}
