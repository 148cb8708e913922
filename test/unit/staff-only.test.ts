import { expect, test } from 'vitest';
import { guestRefusalSaid, worksTickets } from '../../src/permissions.js';
import {
  adminsToAsk,
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

test('a refusal never names a marked admin: with only marked admins, it is said without names', () => {
  expect(adminsToAsk(settings)).toEqual(['U0ADMIN001']);
  const ctx = (admins: string[]) => ({
    actor: 'U0MEMBER01',
    teamId: 'T0TEAM0001',
    settings: { admins, externalHolders: settings.externalHolders },
  });
  expect(guestRefusalSaid(ctx(settings.admins), 'permission.denied.guestUnchecked')).toEqual({
    key: 'permission.denied.guestUncheckedAsk',
    params: { admins: 'U0ADMIN001' },
  });
  // Only a marked admin: the refusal without names, not the "no admin yet" line.
  expect(guestRefusalSaid(ctx(['U0EXTADM01']), 'permission.denied.guestUnchecked')).toEqual({
    key: 'permission.denied.guestUnchecked',
    params: {},
  });
  expect(guestRefusalSaid(ctx([]), 'permission.denied.guestUnchecked').key).toBe(
    'permission.denied.guestUncheckedNoAdmin',
  );
});
