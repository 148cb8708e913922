import { TASK } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { newTaskView } from '../views/task-new.js';
import { readButton } from './card-button.js';

/** New task on a customer card: the task modal with that customer picked. */
export function customerTaskNew(deps: HandlerDeps) {
  return readButton(TASK.newOpen, deps, async ({ args, action, value }, ctx) => {
    // Asked first: someone who may not plan a task for this customer gets no form to fill.
    const customer = await deps.services.tasks.customerToPlanFor(ctx, value);
    await args.client.views.open({
      trigger_id: action.trigger_id,
      view: newTaskView(ctx, {
        ...(action.response_url ? { responseUrl: action.response_url } : {}),
        customer: { code: customer.code, name: customer.name },
      }),
    });
  });
}
