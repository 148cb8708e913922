// A complaint merged into another of its customer's carries its customer contact to the target
// when it is the earlier one (the card's Customer contacted, the contact target met or not, and
// Resolve read it): the contact the customer had first is the one the complaint counts.
import { describe, expect, test } from 'vitest';
import { contactCarried } from '../../src/ticket/complaint.js';
import type { TicketComplaint } from '../../src/ticket/types.js';

const base: TicketComplaint = {
  urgency: 'general',
  contactDueAt: new Date('2026-11-25T02:00:00Z'),
  resolutionDueAt: new Date('2026-11-27T02:00:00Z'),
};
const contacted = (at: string, by: string): TicketComplaint => ({
  ...base,
  contactedAt: new Date(at),
  contactedBy: by,
  contactVia: 'call',
  contactSummary: `Called by ${by}`,
});

describe('contactCarried', () => {
  test("an uncontacted target takes the duplicate's contact, when, by whom, how and what was said", () => {
    expect(
      contactCarried({ complaint: base }, { complaint: contacted('2026-11-24T03:00:00Z', 'U1') }),
    ).toEqual(contacted('2026-11-24T03:00:00Z', 'U1'));
  });

  test("a target contacted later takes the duplicate's earlier contact; one contacted earlier keeps its own", () => {
    const early = contacted('2026-11-24T03:00:00Z', 'U1');
    const late = contacted('2026-11-24T09:00:00Z', 'U2');
    expect({
      later: contactCarried({ complaint: late }, { complaint: early })?.contactedBy,
      earlier: contactCarried({ complaint: early }, { complaint: late }),
    }).toEqual({ later: 'U1', earlier: undefined });
  });

  test('nothing is carried from an uncontacted duplicate, nor to a ticket that is no complaint', () => {
    expect({
      uncontacted: contactCarried({ complaint: base }, { complaint: base }),
      notComplaint: contactCarried({}, { complaint: contacted('2026-11-24T03:00:00Z', 'U1') }),
    }).toEqual({ uncontacted: undefined, notComplaint: undefined });
  });
});
