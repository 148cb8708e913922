/** Who may see and change what in the customer file (pure). */
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
        const personal = FIELDS_BY_LOG_NAME.get(`contact.${key}`)?.personal;
        if (personal && typeof value === 'string' && value) copy[key] = masked(personal, value);
      }
      return copy as unknown as CustomerRecord['contacts'][number];
    }),
  };
}

/** A change-log entry as `viewerId` may see it, masked like the card. */
export function changeFor(visible: boolean, change: ChangeRecord): ChangeRecord {
  const personal = FIELDS_BY_LOG_NAME.get(change.field)?.personal;
  if (visible || !personal) return change;
  const mask = (v: unknown) => (typeof v === 'string' ? masked(personal, v) : v);
  return { ...change, oldValue: mask(change.oldValue), newValue: mask(change.newValue) };
}
