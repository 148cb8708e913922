import type { Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { checkUpgradeIntent, UPGRADE_RULES, upgradeTicked } from '../../src/customer/form.js';
import { choice, text, user, type FormData } from '../../src/forms/kinds.js';
import { optional, readForm, required } from '../../src/forms/read.js';
import type { ModalMetadata } from '../../src/slack/payloads.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { openDeskOnly } from '../../src/permissions.js';
import {
  COMPLAINT_URGENCIES,
  ROOT_CAUSES,
  SEVERITIES,
  TICKET_TYPES,
  type ActionParams,
  type HandedTo,
} from '../../src/ticket/types.js';
import { TICKET } from '../../src/ui/ids.js';
import { WAIT_MESSAGE, messageBlockId } from '../../src/ui/requester.js';
import type { HandlerDeps } from '../deps.js';
import { onRevisedBlock, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

type ModalAction =
  'reassign' | 'escalate' | 'note' | 'resolve' | 'plan' | 'wait' | 'merge' | 'classify';

const IDS: Record<ModalAction, string> = {
  wait: TICKET.waitView,
  reassign: TICKET.reassignView,
  escalate: TICKET.escalateView,
  note: TICKET.noteView,
  resolve: TICKET.resolveView,
  plan: TICKET.planView,
  merge: TICKET.mergeView,
  classify: TICKET.classifyView,
};

/** The action a Reassign, Escalate, Add note or Resolve modal asks for, read from its inputs. */
function paramsFor(
  ctx: Ctx,
  action: ModalAction,
  form: FormData,
  meta: ModalMetadata,
): ActionParams {
  const read = <R extends Parameters<typeof readForm>[1]>(rules: R) =>
    readForm(form, rules, ctx.today);
  switch (action) {
    case 'reassign':
      return { action, to: read({ assignee: required(user()) }).assignee };
    case 'escalate': {
      const v = read({
        reason: required(text({ max: 1000, multiline: true })),
        expert: optional(user()),
      });
      return {
        action,
        reason: v.reason,
        ...(v.expert ? { expertId: v.expert } : {}),
        ...(meta.level ? { fromLevel: meta.level } : {}),
      };
    }
    case 'note':
      return { action, text: read({ note: required(text({ max: 2000, multiline: true })) }).note };
    case 'wait': {
      // Required when the requester is in Slack: the ticket's own rule says so (transitions.ts).
      // A modal drawn again with a saved reply names the question's input with its revision.
      const { question } = readForm(
        { ...form, question: form[messageBlockId(WAIT_MESSAGE, meta.revision)] },
        { question: optional(text({ max: 2000, multiline: true })) },
        ctx.today,
      );
      return { action, ...(question ? { question } : {}) };
    }
    case 'resolve': {
      // A complaint's root cause and corrective action: required by the ticket's rules (a
      // complaint refuses the resolution without them, inline), absent on other tickets.
      // An upgrade intent heard (as on Log interaction): the tick and what they want.
      const intent = upgradeTicked(form);
      const v = readForm(
        form,
        {
          resolution: required(text({ max: 2000, multiline: true })),
          root_cause: optional(choice(ROOT_CAUSES, 'complaint.rootCause')),
          root_cause_text: optional(text({ max: 1000, multiline: true })),
          corrective_action: optional(text({ max: 2000, multiline: true })),
          uncontacted_reason: optional(text({ max: 1000, multiline: true })),
          ...UPGRADE_RULES,
        },
        ctx.today,
        (values, problems) => checkUpgradeIntent(intent, values, problems),
      );
      return {
        action,
        summary: v.resolution,
        ...(v.root_cause ? { rootCause: v.root_cause } : {}),
        ...(v.root_cause_text ? { rootCauseText: v.root_cause_text } : {}),
        ...(v.corrective_action ? { correctiveAction: v.corrective_action } : {}),
        ...(v.uncontacted_reason ? { uncontactedReason: v.uncontacted_reason } : {}),
        ...(intent && v.upgrade_what ? { upgradeWhat: v.upgrade_what } : {}),
      };
    }
    case 'merge': {
      const v = read({
        target: required(text({ max: 20 })),
        note: optional(text({ max: 2000, multiline: true })),
      });
      return { action, into: v.target, ...(v.note ? { note: v.note } : {}) };
    }
    case 'plan': {
      const v = read({
        plan_summary: required(text({ max: 2000, multiline: true })),
        plan_dates: required(text({ max: 1000, multiline: true })),
      });
      return { action, summary: v.plan_summary, dates: v.plan_dates };
    }
    case 'classify': {
      // The urgency is read for a complaint only (its input shows for one: TICKET.typeChanged).
      const v = read({
        type: required(choice(TICKET_TYPES, 'ticket.type')),
        severity: required(choice(SEVERITIES, 'ticket.severity')),
        complaint_urgency: optional(choice(COMPLAINT_URGENCIES, 'complaint.urgency')),
      });
      return {
        action,
        type: v.type,
        severity: v.severity,
        ...(v.type === 'complaint' && v.complaint_urgency
          ? { complaintUrgency: v.complaint_urgency }
          : {}),
      };
    }
  }
}

/**
 * The person a Reassign or an L2 escalation hands the ticket to, as Slack's users.info says
 * (remembered, else asked and waited for briefly: `GuestCheck.describe`), with why they may not
 * take it (`PeopleCheck.unfitOf`). One the roles name nowhere, whom only the open desk makes one
 * who works tickets: a guest, a bot, a deactivated account or a person of another organisation is
 * refused it, and one Slack did not describe in time is not handed it this time. One the roles
 * name (saved before the desk read `team_id`): refused only as a person of another organisation,
 * and recorded so (`SettingsFlows.externalHolders`: the desk's own hand-offs and staff DMs skip
 * them from then on, the admins told once); Slack silent, handed it (src/ticket/service.ts
 * `assertTarget`).
 */
async function whoIsHandedIt(
  deps: HandlerDeps,
  args: ViewArgs,
  ctx: Ctx,
  params: ActionParams,
): Promise<HandedTo | undefined> {
  const to =
    params.action === 'reassign'
      ? params.to
      : params.action === 'escalate'
        ? params.expertId
        : undefined;
  if (!to) return undefined;
  const person = await deps.guests.describe(args.client, ctx.teamId, to, ctx.log);
  if (person === 'unknown' || person === 'unchecked') return { userId: to, unfit: person };
  // A person of another organisation (Slack Connect) never works the desk's tickets.
  const unfit = await deps.people.unfitOf(ctx.teamId, to, person);
  if (unfit?.reason === 'external' && !openDeskOnly(ctx.settings, to))
    await deps.flows.settings.externalHolders(ctx, [to]);
  return { userId: to, unfit: unfit && { reason: unfit.reason, name: unfit.name } };
}

/** Submits of Reassign, Escalate, Add note, Resolve and Wait: inline errors, then the change. */
export function ticketActionView(deps: HandlerDeps, action: ModalAction) {
  return checked<ViewArgs>(`view:${IDS[action]}`, deps.boundary, async (args, ctx) => {
    const { form, meta, key } = readKeyedSubmission(deps, args.body);
    if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const ticket = meta.ticket;
    // The Wait question's refusals (too long; required, by the ticket's rule) on its block as
    // drawn (`question~1` after a saved reply).
    const on = action === 'wait' ? WAIT_MESSAGE : '';
    await onRevisedBlock(on, messageBlockId(on, meta.revision), async () => {
      const params = paramsFor(ctx, action, form, meta);
      const handedTo = await whoIsHandedIt(deps, args, ctx, params);
      await beforeSave(args);
      // A merge writes two tickets (the duplicate closed, a note on its target): its own flow.
      if (params.action === 'merge') {
        await deps.flows.tickets.merge(ctx, ticket, params, {
          saved: () => args.ack(),
          key,
          stopped: deps.stopped,
        });
        return;
      }
      // Every other form's save is keyed by its submission (TicketService.act `key`: view id and
      // values): each adds a line to the ticket that a second delivery would add again (a note, a
      // plan) or refuses as a stale step (an escalation, "at L2 already"; a Resolve, "resolved
      // now"; a Reassign, "only the assignee"; a Wait, "waiting now"; a Classify). Delivered
      // again, it closes as saved; the form submitted with something changed is another
      // submission. (A merge is keyed the same way, on its duplicate's merge event.)
      await deps.flows.tickets.act(ctx, ticket, params, {
        saved: () => args.ack(),
        key,
        ...(handedTo ? { handedTo } : {}),
      });
    });
  });
}
