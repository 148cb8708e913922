// The one rule of who is held and whom the desk's admin notices go to then (workspace/types.ts):
// an admin or manager whose own files are marked (a guest owner, or of another organisation)
// stands in for no other marked owner, and is not staff for the admins' notices.
import { expect, test } from 'vitest';
import {
  HELD_TOLD_MAX,
  awayRead,
  heldFallback,
  heldOwners,
  heldRead,
  nobodyStandsIn,
  someMayBeHeld,
  standIns,
  staffToTellNow,
  staffToTellRead,
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

test('the marked owners are read only where someone may be held; a failure is the caller’s', async () => {
  let reads = 0;
  const read = () => (reads++, [ADMIN, GUEST]);
  expect((await heldRead(desk, read)).sort()).toEqual([ADMIN, GUEST]);
  expect(await awayRead(desk, read)).toEqual([ADMIN, GUEST]);
  expect(reads).toBe(2);
  // Two staff admins and managers: nobody held, nothing read.
  const twoStaff = { ...desk, managers: ['U0MANAGER1'] };
  expect(await heldRead(twoStaff, read)).toEqual([]);
  expect(await awayRead(twoStaff, read)).toEqual([]);
  expect(await staffToTellRead(twoStaff, read)).toEqual([ADMIN]);
  expect(reads).toBe(2);
  const failing = () => Promise.reject(new Error('down'));
  await expect(heldRead(desk, failing)).rejects.toThrow('down');
  await expect(awayRead(desk, failing)).rejects.toThrow('down');
  // staffToTellRead takes a failed read as nobody held.
  expect(await staffToTellRead(desk, failing)).toEqual([ADMIN]);
  expect(
    await staffToTellRead(desk, () => {
      throw new Error('down');
    }),
  ).toEqual([ADMIN]);
});

test('two or more staff admins and managers: held only when the daily check noted every one marked', () => {
  const ADMIN2 = 'U0ADMIN002';
  const MANAGER = 'U0MANAGER1';
  const two = { ...desk, admins: [ADMIN, ADMIN2], managers: [MANAGER] };
  expect(someMayBeHeld(desk)).toBe(true);
  // Not every one noted: nothing to read, nobody held, whatever the marks say.
  expect(someMayBeHeld({ ...two, awayHolders: [ADMIN, ADMIN2] })).toBe(false);
  expect(heldOwners({ ...two, awayHolders: [ADMIN, ADMIN2] }, [ADMIN, ADMIN2, MANAGER])).toEqual(
    [],
  );
  // Every one noted: the marks decide. All marked: all held, and the notices fall back.
  const noted = { ...two, awayHolders: [MANAGER, ADMIN2, ADMIN] };
  expect(someMayBeHeld(noted)).toBe(true);
  const all = [ADMIN, ADMIN2, MANAGER, GUEST];
  expect(heldOwners(noted, all).sort()).toEqual([...all].sort());
  expect(staffToTellNow(noted, all)).toEqual(['C0TRIAGE01']);
  // One noted but no longer marked (unmarked since the check): they stand in, nobody is held.
  expect(heldOwners(noted, [ADMIN, MANAGER, GUEST])).toEqual([]);
  // A marked admin who is not held still gets the admins' notices: staff who can act on them.
  expect(staffToTellNow(noted, [ADMIN, MANAGER, GUEST])).toEqual([ADMIN, ADMIN2]);
  // One of another organisation holds no role: the staff ones noted are enough.
  expect(someMayBeHeld({ ...two, externalHolders: [MANAGER], awayHolders: [ADMIN, ADMIN2] })).toBe(
    true,
  );
});
