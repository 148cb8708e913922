/**
 * How a task's customer's primary contact wants to be reached (TaskService.withReach), as one
 * reader may see it: the phones and emails typed into the preferred channel in clear only to whom
 * the customer's card shows them (`customer.seeContacts`, as customerView), else masked. A
 * message read by several people or posted to a channel keeps the masked channel (the
 * least-privileged reader's). Pure.
 */
import { maySeePersonal } from '../customer/visibility.js';
import type { TaskRecord } from './types.js';

type RoleSettings = Parameters<typeof maySeePersonal>[0];

/** `task` with its `reach` as `reader` may see it. */
export function reachFor<T extends TaskRecord>(settings: RoleSettings, reader: string, task: T): T {
  const reach = task.reach;
  if (!reach?.clear) return task;
  const { clear, ...rest } = reach;
  const seen =
    task.customerOwnerId && maySeePersonal(settings, { ownerId: task.customerOwnerId }, reader)
      ? { ...rest, channel: clear }
      : rest;
  return { ...task, reach: seen };
}
