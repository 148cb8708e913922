import { expect, test } from 'vitest';
import { worksTickets } from '../../src/permissions.js';
import {
  complaintManagers,
  ownerExecutor,
  ownersManagers,
  staffOnly,
  staffToTell,
} from '../../src/workspace/types.js';

// A role holder Slack said is of another organisation (`externalHolders`) is skipped wherever
// the desk picks staff from the role lists.
const settings = {
  admins: ['U0EXTADM01', 'U0ADMIN001'],
  managers: ['U0EXTMGR01', 'U0MANAGER1'],
  managerLinks: [{ managerId: 'U0EXTMGR01', manages: ['U0OWNER001'] }],
  agents: ['U0EXTAGT01'],
  experts: [],
  accountManagers: [],
  openDesk: true,
  externalHolders: ['U0EXTADM01', 'U0EXTMGR01', 'U0EXTAGT01'],
};

test('staffOnly leaves out the marked people, in order', () => {
  expect(staffOnly(settings, settings.managers)).toEqual(['U0MANAGER1']);
  expect(staffOnly({}, ['U1'])).toEqual(['U1']);
});

test('a marked manager linked to the owner is not their manager: every other manager is', () => {
  expect(ownersManagers(settings, 'U0OWNER001')).toEqual(['U0MANAGER1']);
  expect(complaintManagers(settings, { accountManagerId: 'U0OWNER001' })).toEqual(['U0MANAGER1']);
});

test('a guest owner’s stand-in is never a marked person', () => {
  expect(ownerExecutor(settings, { ownerId: 'U0OWNER001', ownerGuest: true })).toEqual({
    assigneeId: 'U0MANAGER1',
    guestOwner: 'U0OWNER001',
  });
  const noManager = { ...settings, managers: ['U0EXTMGR01'] };
  expect(ownerExecutor(noManager, { ownerId: 'U0OWNER001', ownerGuest: true })).toEqual({
    assigneeId: 'U0ADMIN001',
    guestOwner: 'U0OWNER001',
  });
});

test('a marked person holds no role, the open desk included', () => {
  expect(worksTickets(settings, 'U0EXTAGT01')).toBe(false);
  expect(worksTickets(settings, 'U0MEMBER01')).toBe(true);
  expect(worksTickets({ ...settings, externalHolders: [] }, 'U0EXTAGT01')).toBe(true);
});

test('staffToTell: the staff admins, else the staff managers, never a marked person', () => {
  expect(staffToTell(settings)).toEqual(['U0ADMIN001']);
  const onlyMarkedAdmin = { ...settings, admins: ['U0EXTADM01'] };
  expect(staffToTell(onlyMarkedAdmin)).toEqual(['U0MANAGER1']);
  expect(staffToTell({ ...onlyMarkedAdmin, managers: ['U0EXTMGR01'] })).toEqual([]);
  expect(staffToTell({ admins: [], managers: ['U1'] })).toEqual(['U1']);
});
