import { parseInteractionForm } from '../../src/customer/form.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { localDate } from '../../src/time.js';
import { CUSTOMER } from '../../src/ui/ids.js';
import { join } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { confirm, customerCodeOf, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Log interaction: records it and moves the customer's last-interaction date; a dated
 * next step becomes a task, signed off by the approver picked (a bot, a deactivated account or a
 * guest refused on the field, as on New task). Keyed by the modal's view id: sent again, it is
 * logged once; the same submission delivered again is told nothing more (`oncePerSubmission`).
 */
export function customerInteraction(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${CUSTOMER.interactionView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    const { form, meta, viewId } = submission;
    const code = customerCodeOf(meta);
    // Someone who may not log one is refused first, before anyone picked is looked up (the
    // service's own check, which the save asks again).
    await deps.services.customers.forAction(ctx, code, 'customer.logInteraction');
    const { nextStepApproverId, upgradeWhat, ...input } = parseInteractionForm(form, ctx.today);
    // The approver is checked before the save (which checks it again), so that every refusal
    // comes back on its field in the ack, then acked with the saving view (budget 0).
    deps.services.tasks.assertNextStepApprover(ctx, input.nextStepDate, nextStepApproverId);
    await refuseUnfitPeople(deps, args.client, ctx, [
      { field: 'next_step_approver', userId: nextStepApproverId, guest: 'refused' },
    ]);
    await beforeSave(args);
    const {
      customer,
      interaction,
      again,
      nextStepDue,
      nextStepApproverId: approver,
      upgrade,
    } = await deps.flows.customers.logInteraction(
      ctx,
      code,
      input,
      {
        ...(nextStepApproverId ? { approverId: nextStepApproverId } : {}),
        ...(upgradeWhat ? { upgradeWhat } : {}),
        // The modal's view id keys it: a second submit of it logs nothing more.
        source: `view:${viewId}`,
      },
      () => args.ack(),
    );
    ctx.log.info({ code: customer.code, type: interaction.type }, 'interaction logged');
    // Told from what was logged: the form sent again (after a restart's "try again if it was
    // not") is one submission, logged once; changed before it was sent again, its changes are
    // not saved, and that is said.
    const changed =
      again &&
      (interaction.type !== input.type ||
        interaction.summary !== input.summary ||
        (interaction.feedback ?? '') !== (input.feedback ?? '') ||
        (interaction.nextStep ?? '') !== (input.nextStep ?? '') ||
        (interaction.nextStepDate ?? '') !== (input.nextStepDate ?? '') ||
        (approver ?? '') !== (nextStepApproverId ?? '') ||
        (interaction.upgradeWhat ?? '') !== (upgradeWhat ?? '') ||
        localDate(interaction.at, ctx.settings.timeZone) !== input.date);
    const done = join(
      [
        ctx.t('interaction.logged', {
          type: interaction.type,
          name: customer.name,
          code: customer.code,
        }),
        ...(nextStepDue
          ? [
              // Who signs it off as stored: sent again, the first submission's pick.
              approver
                ? ctx.t('interaction.nextStepPlannedApprover', {
                    date: nextStepDue,
                    approver,
                  })
                : ctx.t('interaction.nextStepPlanned', { date: nextStepDue }),
            ]
          : []),
        ...(upgrade
          ? [
              ctx.t(upgrade.created ? 'interaction.upgradeHanded' : 'interaction.upgradeUpdated', {
                assignee: upgrade.task.assigneeId,
                date: upgrade.task.dueDate,
              }),
            ]
          : []),
        // Logged two or more days after it happened (manual B's 24 h): said, never refused.
        ...(interaction.loggedLate
          ? [ctx.t('interaction.loggedLate', { days: interaction.loggedLate.days })]
          : []),
        ...(changed ? [ctx.t('interaction.keptFirst')] : []),
      ],
      '\n',
    );
    // Said once per submission: sent again with something changed, it is another (its changes
    // not saved, said).
    await oncePerSubmission(deps, ctx, submission, CUSTOMER.interactionView, () =>
      confirm(deps, args, ctx, meta, done),
    );
  });
}
