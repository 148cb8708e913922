// /desk roles: the order of the managers and admins decides who stands in for a guest owner
// (`ownerExecutor`: the first manager, else the first admin), so a save compares them in order; the
// order of the other lists means nothing.
import { describe, expect, it } from 'vitest';
import { changedRoles, rolesShown } from '../../src/workspace/roles.js';
import type { Roles } from '../../src/workspace/types.js';

const stored: Roles = {
  admins: ['UADMIN1', 'UADMIN2'],
  managers: ['UM1', 'UM2'],
  managerLinks: [],
  agents: ['UA1', 'UA2'],
  accountManagers: [],
  experts: [],
  openDesk: false,
};

describe('a roles save reordering a list', () => {
  it('keeps a new order of the managers and the admins', () => {
    const typed: Roles = { ...stored, managers: ['UM2', 'UM1'], admins: ['UADMIN2', 'UADMIN1'] };
    const saved = changedRoles(stored, typed, {}, rolesShown(stored));
    expect(saved.managers).toEqual(['UM2', 'UM1']);
    expect(saved.admins).toEqual(['UADMIN2', 'UADMIN1']);
  });

  it('leaves the agents as stored when only their order differs', () => {
    const typed: Roles = { ...stored, agents: ['UA2', 'UA1'] };
    expect(changedRoles(stored, typed, {}, rolesShown(stored)).agents).toEqual(['UA1', 'UA2']);
  });

  it('still refuses a reorder of the managers when someone else changed them meanwhile', () => {
    const shown = rolesShown(stored);
    const now: Roles = { ...stored, managers: ['UM1', 'UM2', 'UM3'] };
    const typed: Roles = { ...stored, managers: ['UM2', 'UM1'] };
    expect(() => changedRoles(now, typed, {}, shown)).toThrow();
  });
});
