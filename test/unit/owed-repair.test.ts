import { expect, test, vi } from 'vitest';
import { SYSTEM_ACTOR, type Ctx } from '../../src/context.js';
import type { Logger } from '../../src/logger.js';
import { owedTicket, repairOwed } from '../../src/flows/owed.js';

interface Item {
  id: string;
  by?: string;
  at?: Date;
  outcome: 'repaired' | 'nothing' | 'fails';
}

test('a repair pass reads the documents marked waitMs before now, repairs each in its workspace as the job, counts and logs once those repaired, and logs a failure without stopping', async () => {
  const now = new Date('2026-03-02T10:00:00Z');
  const doneAt = new Date('2026-03-02T09:50:00Z');
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  const log = {
    info: (fields: Record<string, unknown>, msg: string) =>
      lines.push({ level: 'info', fields, msg }),
    error: (fields: Record<string, unknown>, msg: string) =>
      lines.push({ level: 'error', fields, msg }),
  } as unknown as Logger;
  const contexts: unknown[] = [];
  const workspaces = {
    context: vi.fn(async (input: Record<string, unknown>) => {
      contexts.push(input);
      return { ...input, log } as unknown as Ctx;
    }),
  };
  const items: Item[] = [
    { id: 'a', outcome: 'repaired' },
    { id: 'b', outcome: 'fails' },
    { id: 'c', outcome: 'nothing' },
    { id: 'd', by: 'U_DOER', at: doneAt, outcome: 'repaired' },
  ];
  const owed = vi.fn(async () => items);
  const failure = new Error('outbox write failed');

  const repaired = await repairOwed(
    workspaces,
    { now, log, limit: 7, waitMs: 2 * 60_000 },
    {
      owed,
      of: (item) => ({
        teamId: `T_${item.id}`,
        ...(item.by ? { actor: item.by } : {}),
        ...(item.at ? { at: item.at } : {}),
        ref: { task: item.id },
      }),
      repair: async (_ctx, item) => {
        if (item.outcome === 'fails') throw failure;
        return item.outcome === 'repaired';
      },
      repaired: 'thing repaired',
      failed: 'thing repair failed',
    },
  );

  expect(repaired).toBe(2);
  expect(owed).toHaveBeenCalledWith(new Date('2026-03-02T09:58:00Z'), 7);
  expect(contexts).toEqual([
    { teamId: 'T_a', actor: SYSTEM_ACTOR, now, log, origin: 'job' },
    { teamId: 'T_b', actor: SYSTEM_ACTOR, now, log, origin: 'job' },
    { teamId: 'T_c', actor: SYSTEM_ACTOR, now, log, origin: 'job' },
    { teamId: 'T_d', actor: 'U_DOER', now: doneAt, log, origin: 'job' },
  ]);
  expect(lines).toEqual([
    { level: 'info', fields: { task: 'a' }, msg: 'thing repaired' },
    {
      level: 'error',
      fields: { err: failure, teamId: 'T_b', task: 'b' },
      msg: 'thing repair failed',
    },
    { level: 'info', fields: { task: 'd' }, msg: 'thing repaired' },
  ]);
});

/** A pass at 10:00 whose log lines (info or error alike) are recorded, each workspace's context logging there. */
function recordingPass() {
  const now = new Date('2026-03-02T10:00:00Z');
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  const log = {
    info: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }),
    error: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }),
  } as unknown as Logger;
  const workspaces = { context: async (input: object) => ({ ...input, log }) as unknown as Ctx };
  return { now, lines, log, workspaces };
}

test("a repair that returns fields is counted and its info line adds them to the document's", async () => {
  const { now, lines, log, workspaces } = recordingPass();

  const repaired = await repairOwed(
    workspaces,
    { now, log, limit: 100, waitMs: 60_000 },
    {
      owed: async () => [2, 0],
      of: (written) => ({ teamId: 'T1', ref: { task: `t${written}` } }),
      repair: async (_ctx, written) => (written ? { written } : false),
      repaired: 'thing repaired',
      failed: 'thing repair failed',
    },
  );

  expect(repaired).toBe(1);
  expect(lines).toEqual([{ fields: { task: 't2', written: 2 }, msg: 'thing repaired' }]);
});

test('a repair without an info line is counted and logged only when it fails', async () => {
  const { now, lines, log, workspaces } = recordingPass();
  const failure = new Error('outbox write failed');

  const repaired = await repairOwed(
    workspaces,
    { now, log, limit: 100, waitMs: 60_000 },
    {
      owed: async () => ['a', 'b', 'c'],
      of: (id) => ({ teamId: 'T1', ref: { ticket: id } }),
      repair: async (_ctx, id) => {
        if (id === 'b') throw failure;
        return true;
      },
      failed: 'thing repair failed',
    },
  );

  expect(repaired).toBe(2);
  expect(lines).toEqual([
    { fields: { err: failure, teamId: 'T1', ticket: 'b' }, msg: 'thing repair failed' },
  ]);
});

test("a ticket's repair (owedTicket) runs in the ticket's workspace, and its lines name the ticket by its number", async () => {
  const { now, lines, log, workspaces } = recordingPass();
  const contexts: object[] = [];
  const failure = new Error('outbox write failed');
  const tickets = [
    { teamId: 'T1', number: 'T-20261102-0007', id: 'k1' },
    { teamId: 'T2', number: 'T-20261102-0008', id: 'k2' },
  ];

  const repaired = await repairOwed(
    { context: async (input) => (contexts.push(input), workspaces.context(input)) },
    { now, log, limit: 100, waitMs: 60_000 },
    {
      owed: async () => tickets,
      of: owedTicket,
      repair: async (_ctx, ticket) => {
        if (ticket.id === 'k2') throw failure;
        return true;
      },
      repaired: 'ticket thing repaired',
      failed: 'ticket thing repair failed',
    },
  );

  expect(repaired).toBe(1);
  expect(contexts.map((c) => (c as { teamId: string }).teamId)).toEqual(['T1', 'T2']);
  expect(lines).toEqual([
    { fields: { ticket: 'T-20261102-0007' }, msg: 'ticket thing repaired' },
    {
      fields: { err: failure, teamId: 'T2', ticket: 'T-20261102-0008' },
      msg: 'ticket thing repair failed',
    },
  ]);
});
