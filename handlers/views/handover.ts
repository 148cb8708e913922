import { FieldErrors } from '../../src/errors.js';
import { HANDOVER_PARTS } from '../../src/workspace/types.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { heldCounts, readParts } from '../../src/ui/handover.js';
import { HANDOVER } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of `/desk handover`: managers only (refused first, whatever the form says); inline
 * errors for the same person twice, a receiver Slack says is a bot, a deactivated account or a
 * guest, and nothing to move (with what was found). Then the modal closes at once and the records
 * move one by one after the ack (a Reassign, an Edit task, an owner change each, by the manager);
 * the receiver gets one DM, the manager a summary DM with what was not moved and why (in as many
 * sections as it needs). Both are written held before the first move (HandoverFlows.run): a run
 * cut short still tells them, from what it had moved.
 */
export function handoverView(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${HANDOVER.view}`, deps.boundary, async (args, ctx) => {
    const { form, viewId } = readSubmission(args.body);
    const flows = deps.flows.handover;
    flows.assertMay(ctx);
    const from = form.from;
    const to = form.to;
    if (!from) throw new FieldErrors({ from: { key: 'roles.error.users' } });
    if (!to) throw new FieldErrors({ to: { key: 'roles.error.users' } });
    if (from === to) throw new FieldErrors({ to: { key: 'handover.error.same' } });
    const parts = readParts(form.what);
    // Told the run too: its moves (an owner change, an Edit task) ask it again as they save.
    const unfit = await refuseUnfitPeople(deps, args.client, ctx, [
      { field: 'to', userId: to, guest: 'refused' },
    ]);
    // Everything they hold (indexed reads, bounded): the refusal says what was found.
    const all = await flows.find(ctx, from, HANDOVER_PARTS);
    const found = {
      tickets: parts.includes('tickets') ? all.tickets : [],
      tasks: parts.includes('tasks') ? all.tasks : [],
      customers: parts.includes('customers') ? all.customers : [],
    };
    if (!found.tickets.length && !found.tasks.length && !found.customers.length)
      throw new FieldErrors({
        what: {
          key: 'handover.error.nothing',
          // Read one past HANDOVER_MAX: more, said "more than", not the read's cut.
          params: heldCounts({
            tickets: all.tickets.length,
            tasks: all.tasks.length,
            customers: all.customers.length,
          }),
        },
      });
    // What was typed passed its checks: acked now with the saving view (budget 0), the moves
    // after the other requests' acks.
    await beforeSave(args);
    // The modal closes now; the moves (each with its card, Homes and log) come after the ack.
    await args.ack();
    const result = await flows.run(ctx, { from, to, parts }, found, { key: viewId, unfit });
    // The same submission delivered again (an ack lost): the first delivery moves and tells.
    if (!result) return;
    ctx.log.info(
      {
        tickets: result.tickets.length,
        tasks: result.tasks.length,
        customers: result.customers.length,
        refused: result.refused.length + (result.refusedMore ?? 0),
      },
      'work handed over',
    );
    // The receiver's DM, then the manager's summary by DM, each in its held notice's place in
    // the outbox (its held notices pushed on until then): the instance stopping meanwhile, the
    // outbox still sends them. Gone out already (this run taken for cut short), or not written
    // (the database failing), the manager is told by the held one: not twice.
    await flows.tell(ctx, { from, to }, result, viewId);
  });
}
