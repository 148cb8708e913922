/** Who may see and change what in the customer file (pure). */
import { FieldErrors, type FieldProblem } from '../errors.js';
import { may, refusalOf, workspaceRoles, type Permission } from '../permissions.js';
import { FIELDS_BY_LOG_NAME, type FieldEdit, type FieldSpec } from './fields.js';
import type { CustomerRecord } from './types.js';

type RoleSettings = Parameters<typeof workspaceRoles>[0];

/** Managers and admins: they see contact details in clear, change any customer, override tiers. */
export function isManager(settings: RoleSettings, userId: string) {
  return workspaceRoles(settings, userId).has('manager');
}

/** The owner, managers and admins see a customer's personal data in clear. */
export { maySeePersonal as canSeeContacts } from './visibility.js';

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

/** The customer as `viewerId` may see it (src/customer/visibility.ts). */
export {
  customerView as viewFor,
  changeView as changeFor,
  contactTypedTextStillMasked,
  contactTypedTextWithPersonalData,
  typedTextStillMasked,
  typedTextWithPersonalData,
} from './visibility.js';

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
