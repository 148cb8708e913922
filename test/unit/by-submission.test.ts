// bySubmission (src/ticket/types.ts): the event a form submission wrote on a ticket, which the
// same submission delivered again finds (TicketService.act's form, a merge, a draft's note).
import { describe, expect, test } from 'vitest';
import { bySubmission, type TicketEvent } from '../../src/ticket/types.js';

const at = new Date('2026-11-24T02:00:00Z');
const event = (e: Partial<TicketEvent> & Pick<TicketEvent, 'action'>): TicketEvent => ({
  by: 'U0AGENT001',
  at,
  ...e,
});
const KEY = 'view:V0FORM0001';

describe('bySubmission', () => {
  test("finds the submission's event, by its actor only, of any action unless one is named", () => {
    const note = event({ action: 'note', source: KEY, text: 'x' });
    const ticket = { timeline: [event({ action: 'claim' }), note] };
    expect(bySubmission(ticket, KEY, 'U0AGENT001')).toBe(note);
    expect(bySubmission(ticket, KEY, 'U0AGENT001', { action: 'note' })).toBe(note);
    expect(bySubmission(ticket, KEY, 'U0AGENT001', { action: 'resolve' })).toBeUndefined();
    // Another person's submission of the same view id, or another submission: not found.
    expect(bySubmission(ticket, KEY, 'U0AGENT002')).toBeUndefined();
    expect(bySubmission(ticket, 'view:V0FORM0002', 'U0AGENT001')).toBeUndefined();
  });

  test('`last`: only the last event of the action counts (a merge made again by another submission since)', () => {
    const mine = event({ action: 'merge', source: KEY });
    const again = event({ action: 'merge', source: 'view:V0FORM0002' });
    expect(
      bySubmission({ timeline: [mine] }, KEY, 'U0AGENT001', { action: 'merge', last: true }),
    ).toBe(mine);
    expect(
      bySubmission({ timeline: [mine, again] }, KEY, 'U0AGENT001', { action: 'merge', last: true }),
    ).toBeUndefined();
    // Without `last`, the earlier one is still found.
    expect(bySubmission({ timeline: [mine, again] }, KEY, 'U0AGENT001', { action: 'merge' })).toBe(
      mine,
    );
    // Events of other actions after it do not hide it.
    const later = event({ action: 'note', text: 'later' });
    expect(
      bySubmission({ timeline: [mine, later] }, KEY, 'U0AGENT001', { action: 'merge', last: true }),
    ).toBe(mine);
  });
});
