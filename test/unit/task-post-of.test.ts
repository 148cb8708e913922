// What an outbox entry Slack took is recorded as when it is a DM about a task or a list of tasks
// (taskPostOf), and which task a ticket's task DM is about (postNamesTask: an older record names
// it in its key only, and a task's id holds colons of its own).
import { describe, expect, test } from 'vitest';
import { postNamesTask, taskPostOf } from '../../src/outbox/types.js';

const T = 'T0001:manual:V1';

describe('taskPostOf', () => {
  test('a DM about a ticket’s task: the ticket, and the task', () => {
    expect(taskPostOf({ kind: 'message', data: { about: { ticketId: 'k1', taskId: T } } })).toEqual(
      { ticketId: 'k1', kind: 'task', taskId: T },
    );
    expect(
      taskPostOf({ kind: 'reminder', data: { task: { id: T, ticketId: 'k1', customerId: 'c1' } } }),
    ).toEqual({ ticketId: 'k1', kind: 'task', taskId: T });
  });

  test('a list of several customers’ tasks: its tasks and customers, each once, strings only', () => {
    expect(
      taskPostOf({
        kind: 'message',
        data: { about: { taskIds: [T, T, 'T0001:manual:V2', 3], customerIds: ['c1', 'c1', ''] } },
      }),
    ).toEqual({ kind: 'taskList', taskIds: [T, 'T0001:manual:V2'], customerIds: ['c1'] });
    // Naming no customer: nothing to record it by.
    expect(
      taskPostOf({ kind: 'message', data: { about: { taskIds: [T], customerIds: [] } } }),
    ).toBeUndefined();
  });

  test('a low survey’s notice: the survey and its customer', () => {
    expect(
      taskPostOf({ kind: 'message', data: { about: { taskId: T, customerId: 'c1' } } }),
    ).toEqual({ taskId: T, customerId: 'c1', kind: 'customerTask' });
  });
});

describe('postNamesTask', () => {
  test('its record’s task when it has one', () => {
    expect(postNamesTask({ key: `reminder:${T}:due`, taskId: T }, T)).toBe(true);
    expect(postNamesTask({ key: `reminder:${T}:due`, taskId: 'other' }, T)).toBe(false);
  });

  test('an older record: the task whole in its key, between colons or at its end', () => {
    for (const key of [
      `reminder:${T}:due`,
      `reminder:${T}:early:moved2:to:U0AGENT01`,
      `assigned:${T}`,
      `cancelled:executor:${T}`,
      `edited:${T}:2:helper`,
      `rescheduled:${T}:2026-11-27:2026-11-30:1700000000000`,
    ])
      expect(postNamesTask({ key }, T)).toBe(true);
    // Another task whose id starts alike.
    expect(postNamesTask({ key: `assigned:${T}2` }, T)).toBe(false);
    expect(postNamesTask({ key: `reminder:${T}2:due` }, T)).toBe(false);
  });
});
