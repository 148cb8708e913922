/** The workspace vocabulary other layers may know: the roles as `/desk roles` edits them. */
import type { WorkspaceSettings } from './settings.js';

export type Roles = Pick<
  WorkspaceSettings,
  'admins' | 'managers' | 'agents' | 'experts' | 'accountManagers' | 'openDesk'
>;

/** The block that holds one expert's skills in the roles modal (the form and its reader). */
export function skillsField(userId: string): string {
  return `skills:${userId}`;
}
