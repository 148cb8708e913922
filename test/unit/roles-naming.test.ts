// The role lists a person is named on, as the admins' DM about a holder of another organisation
// names them (in the DM's order), and the roles modal's refusals by block: both read
// `roleLists`, the one list of `/desk roles`' user lists.
import { expect, test } from 'vitest';
import { FieldErrors } from '../../src/errors.js';
import { rolesNaming } from '../../src/ui/settings.js';
import { refuseUnfit } from '../../src/workspace/roles.js';
import { managesField } from '../../src/workspace/types.js';

const P = 'U0PERSON01';
const roles = {
  admins: [P],
  managers: ['U0MANAGER1'],
  agents: [P],
  experts: [{ userId: P, skills: ['plc'] }],
  accountManagers: [P],
  managerLinks: [{ managerId: 'U0MANAGER1', manages: [P] }],
  openDesk: false,
};

test('rolesNaming: every list naming the person, in the DM order', () => {
  expect(rolesNaming(roles, P)).toEqual([
    'admins',
    'agents',
    'experts',
    'accountManagers',
    'managerLinks',
  ]);
  expect(rolesNaming(roles, 'U0MANAGER1')).toEqual(['managers']);
  expect(rolesNaming(roles, 'U0NOBODY01')).toEqual([]);
});

test('refuseUnfit: refused on each block naming the person, a manager’s Manages included', () => {
  let fields: string[] = [];
  try {
    refuseUnfit(roles, [{ userId: P, name: 'Pat', reason: 'external' }]);
  } catch (err) {
    fields = Object.keys((err as FieldErrors).fields);
  }
  expect(fields).toEqual([
    'admins',
    managesField('U0MANAGER1'),
    'agents',
    'account_managers',
    'experts',
  ]);
});
