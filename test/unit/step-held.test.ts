import { describe, expect, test } from 'vitest';
import { stepHeld, type StepTask } from '../../src/ticket/types.js';

const ticket = (reopenCount: number) => ({ number: 'T-1', metrics: { reopenCount } });
const task = (over: Partial<StepTask>): StepTask => ({
  kind: 'revisit',
  ticketNumber: 'T-1',
  assigneeId: 'U0EXEC0001',
  status: 'open',
  ...over,
});

describe('stepHeld: the resolution a step task is of', () => {
  test('a revisit with no cycle is of the first resolution (0), as the task flows read it', () => {
    // Before: no cycle was "any resolution", so it still held the reopen of a ticket reopened since.
    expect(stepHeld(ticket(0), 'reopen', task({}))).toBe('U0EXEC0001');
    expect(stepHeld(ticket(1), 'reopen', task({}))).toBeUndefined();
  });

  test('a revisit with a cycle holds the reopen of that resolution only', () => {
    expect(stepHeld(ticket(2), 'reopen', task({ cycle: 2 }))).toBe('U0EXEC0001');
    expect(stepHeld(ticket(3), 'reopen', task({ cycle: 2 }))).toBeUndefined();
  });

  test("a complaint's contact (no cycle) holds the contact whatever the resolution", () => {
    const contact = task({ kind: 'complaint_contact' });
    expect(stepHeld(ticket(0), 'contact', contact)).toBe('U0EXEC0001');
    expect(stepHeld(ticket(2), 'contact', contact)).toBe('U0EXEC0001');
  });
});
