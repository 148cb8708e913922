// The one rule of who is held and whom the desk's admin notices go to then (workspace/types.ts):
// an admin or manager whose own files are marked (a guest owner, or of another organisation)
// stands in for no other marked owner, and is not staff for the admins' notices.
import { expect, test } from 'vitest';
import {
  HELD_TOLD_MAX,
  heldFallback,
  heldOwners,
  nobodyStandsIn,
  standIns,
  staffToTellNow,
} from '../../src/workspace/types.js';

const ADMIN = 'U0ADMIN001';
const GUEST = 'U0GUEST001';
const agents = Array.from({ length: 12 }, (_, i) => `U0AGENT${String(i).padStart(3, '0')}`);
const desk = {
  admins: [ADMIN],
  managers: [] as string[],
  agents,
  channels: { triage: 'C0TRIAGE01' },
  externalHolders: [] as string[],
};

test('a marked admin stands in for no other marked owner: both are held', () => {
  expect(standIns(desk, GUEST)).toEqual([ADMIN]);
  expect(standIns(desk, GUEST, [ADMIN])).toEqual([]);
  expect(nobodyStandsIn(desk, GUEST, [ADMIN, GUEST])).toBe(true);
  expect(heldOwners(desk, [ADMIN, GUEST]).sort()).toEqual([ADMIN, GUEST]);
  // The admin not marked: they stand in, nobody is held.
  expect(heldOwners(desk, [GUEST])).toEqual([]);
});

test('the admins’ notices leave a held admin out: the triage channel, else the staff agents', () => {
  expect(staffToTellNow(desk, [])).toEqual([ADMIN]);
  expect(staffToTellNow(desk, [ADMIN])).toEqual(['C0TRIAGE01']);
  // About the triage channel itself: never that channel.
  expect(staffToTellNow(desk, [ADMIN], 'C0TRIAGE01')).toEqual(agents.slice(0, HELD_TOLD_MAX));
  // No triage channel: the staff agents but the marked ones, at most HELD_TOLD_MAX.
  const noTriage = { ...desk, channels: {}, externalHolders: [agents[1]!] };
  expect(staffToTellNow(noTriage, [ADMIN, agents[0]!])).toEqual(agents.slice(2, 2 + HELD_TOLD_MAX));
  // A staff manager is left: told, nothing else.
  const withManager = { ...desk, managers: ['U0MANAGER1'] };
  expect(staffToTellNow(withManager, [ADMIN])).toEqual([ADMIN]);
  // Nobody set at all: nobody, as before.
  expect(staffToTellNow({ ...desk, admins: [] }, [])).toEqual([]);
  expect(heldFallback({ channels: {}, agents: [] }, [])).toEqual([]);
});
