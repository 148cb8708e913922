import { describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/context.js';
import { reopenOwingReply, type TicketEvent } from '../../src/ticket/types.js';

// Who a reply breach's alert names: the reopen that owes the reply, or none (the customer wrote).
const REOPENED = new Date('2026-12-05T01:00:00Z');
const of = (reopen: Partial<TicketEvent>, replyFrom: Date | null = REOPENED) =>
  reopenOwingReply({
    replyFrom: replyFrom ?? undefined,
    requester: { userId: 'U0REQUEST1' },
    timeline: [
      { action: 'resolve', by: 'U0AGENT001', at: new Date('2026-12-04T01:00:00Z') },
      { action: 'reopen', by: 'U0AGENT001', at: REOPENED, ...reopen },
    ],
  } as never);

describe('reopenOwingReply', () => {
  test('names who reopened without writing', () => {
    expect(of({ by: 'U0REQUEST1' })).toEqual({ who: 'requester', by: 'U0REQUEST1' });
    expect(of({})).toEqual({ who: 'staff', by: 'U0AGENT001' });
    expect(of({ by: SYSTEM_ACTOR, revisit: true })).toEqual({ who: 'revisit' });
    expect(of({ by: SYSTEM_ACTOR })).toEqual({ who: 'desk' });
    expect(of({ by: '[erased]' })).toEqual({ who: 'someone' });
  });

  test("none when the customer's words reopened it or owe the reply now", () => {
    expect(of({ by: 'U0REQUEST1', text: 'Still broken', source: 'C1:1.2' })).toBeUndefined();
    expect(of({ by: SYSTEM_ACTOR, writer: 'U0COLLEAG1', text: 'Same here' })).toBeUndefined();
    // Answered after the reopen, then the customer wrote again: owed since their message.
    expect(of({}, new Date('2026-12-06T01:00:00Z'))).toBeUndefined();
    expect(of({}, null)).toBeUndefined();
  });
});
