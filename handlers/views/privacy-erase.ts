import type { ModalView } from '@slack/types';
import type { Ctx } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import {
  ErasureLeaseLost,
  sameErasure,
  type ErasureLease,
  type ErasureSubject,
} from '../../src/privacy/service.js';
import {
  eraseDoneText,
  eraseOtherRunningModal,
  eraseStateModal,
  eraseUserDoneText,
} from '../../src/ui/privacy.js';
import { boundary } from '../../src/slack/boundary.js';
import { PRIVACY } from '../../src/ui/ids.js';
import { join, type Mrkdwn } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, oncePerSubmission, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Erase confirmed: acked at once with an "Erasing…" view (an erasure reads whole collections:
 * on a large workspace it outlasts Slack's 3 s), or with "being erased already" when the same
 * erasure (that contact, or the whole customer) or that Slack user's runs on any instance (the submission
 * delivered twice too), or with what runs when another erasure of the workspace does (its
 * lease, ErasureLeases: erasures run one at a time, from Slack and the CLI; renewed at each
 * step, the erasure stopping at one that finds it taken, and kept within a long step), then the contact, customer or Slack user erased
 * (admins only), the cards and the Homes listing what changed (and an erased Slack user's own)
 * refreshed through the outbox, and
 * the result said on the view and told privately. Once per submission: its second delivery
 * (Slack's redelivery, a double click before the view changed) finds its claim taken after the
 * ack (`oncePerSubmission`) and says "received already" on the view, erasing and telling nothing
 * again; the erasure it started says its result.
 */
export function privacyErase(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${PRIVACY.eraseView}`, deps.boundary, async (args, ctx) => {
    const submission = readKeyedSubmission(deps, args.body);
    await args.ack({ response_action: 'update', view: eraseStateModal(ctx.t, 'erasing') });
    const show = showOn(args, ctx);
    const ran = await oncePerSubmission(deps, ctx, submission, PRIVACY.eraseView, () =>
      eraseOnce(deps, args, ctx, submission.meta, show),
    );
    if (!ran) await show(eraseStateModal(ctx.t, 'pressedAgain'));
  });
}

/** Shows `view` on the erase modal submitted (closed meanwhile: the DM says it all the same). */
function showOn(args: ViewArgs, ctx: Ctx): (view: ModalView) => Promise<void> {
  const viewId = (args.body as { view?: { id?: string } }).view?.id;
  return async (view) => {
    if (!viewId) return;
    try {
      await args.client.views.update({ view_id: viewId, view });
    } catch (err) {
      ctx.log.info({ err }, 'erase modal not updated with the outcome');
    }
  };
}

/** `privacyErase`'s work, for the one delivery of its submission that took its claim. */
async function eraseOnce(
  deps: HandlerDeps,
  args: ViewArgs,
  ctx: Ctx,
  meta: ReturnType<typeof readKeyedSubmission>['meta'],
  show: (view: ModalView) => Promise<void>,
): Promise<void> {
  const { erasureLeases } = deps.services;
  const subject: ErasureSubject = meta.subjectUser
    ? { user: meta.subjectUser }
    : { code: customerCodeOf(meta), contact: meta.contact };
  let lease: ErasureLease | null;
  let running: ErasureSubject | undefined;
  try {
    lease = await erasureLeases.hold(ctx, subject);
    if (!lease) running = await erasureLeases.running(ctx);
  } catch (err) {
    await show(eraseStateModal(ctx.t, 'failed')); // nothing erased yet
    throw err;
  }
  if (!lease) {
    // The same erasure (pressed again; a contact while the whole customer is being erased):
    // being erased already; else what runs (another contact of the same customer too).
    await show(
      !running || sameErasure(subject, running)
        ? eraseStateModal(ctx.t, 'running')
        : eraseOtherRunningModal(ctx.t, running),
    );
    return;
  }
  // Renewed at each step of the erasure; given back once its writes are done, before it is
  // said: whether it outran its lease (another erasure may have run beside it) is said with
  // the rest.
  const held = lease;
  let given: Promise<boolean> | undefined;
  const giveBack = () =>
    (given ??= held.release().catch((err: unknown) => {
      ctx.log.warn({ err }, 'erasure lease not given back: free when it runs out');
      return true;
    }));
  try {
    await erase(deps, args, ctx, meta, held, giveBack, (text) =>
      show(eraseStateModal(ctx.t, { done: text })),
    );
  } catch (err) {
    if (err instanceof ErasureLeaseLost) {
      // Held up past its lease at one step, which another erasure took: stopped there, not
      // run on beside it; the admin is asked to run it again (on the view and in the DM).
      ctx.log.warn('erasure stopped: its lease ran out and another erasure took it');
      const text = ctx.t('privacy.erase.overran');
      await show(eraseStateModal(ctx.t, { done: text }));
      await confirm(deps, args, ctx, meta, text);
      return;
    }
    // A refusal (the desk's own: a contact gone, no permission) comes before anything is
    // written; anything else may come after part of it was (the privacy log's entry, the
    // resumed tickets' notices): said as unfinished, to be run again, not as "not erased".
    await show(eraseStateModal(ctx.t, err instanceof AppError ? 'failed' : 'unfinished'));
    throw err;
  } finally {
    await giveBack();
  }
}

async function erase(
  deps: HandlerDeps,
  args: ViewArgs,
  ctx: Ctx,
  meta: ReturnType<typeof readKeyedSubmission>['meta'],
  /**
   * Its lease: renewed between the erasure's steps (ErasureLeaseLost: taken meanwhile) and kept
   * within them.
   */
  lease: Pick<ErasureLease, 'step' | 'keep'>,
  /** Gives the lease back; false: it ran out meanwhile (said: run it again). */
  giveBack: () => Promise<boolean>,
  shown: (text: Parameters<typeof confirm>[4]) => Promise<void>,
): Promise<void> {
  if (meta.subjectUser) {
    const { plan, changed, cards, untold } = await deps.flows.privacy.eraseUser(
      ctx,
      meta.subjectUser,
      lease.step,
      lease.keep,
    );
    ctx.log.info(
      { requested: plan.requested, changed, cards, untold },
      'Slack user personal data erased',
    );
    const text = withOverran(
      ctx,
      eraseUserDoneText(ctx.t, plan, changed, cards, untold),
      await giveBack(),
    );
    await shown(text);
    await confirm(deps, args, ctx, meta, text);
    // Their App Home, which showed their tickets' titles, the erasure wrote to the outbox
    // (PrivacyFlows.eraseUser: a self-deleting entry, tried again when Slack fails it).
    return;
  }
  const { plan, changed, cards } = await deps.flows.privacy.erase(
    ctx,
    customerCodeOf(meta),
    meta.contact,
    lease.step,
    lease.keep,
  );
  ctx.log.info(
    { code: plan.code, whole: plan.whole, changed, elsewhere: plan.elsewhere, cards },
    'personal data erased',
  );
  const text = withOverran(
    ctx,
    eraseDoneText(ctx.t, plan, changed, cards, ctx.settings.timeZone),
    await giveBack(),
  );
  await shown(text);
  await confirm(deps, args, ctx, meta, text);
}

/** The done text, with "run it again" when the erasure outran its lease (`kept` false). */
function withOverran(ctx: Ctx, text: Mrkdwn, kept: boolean): Mrkdwn {
  if (kept) return text;
  ctx.log.warn('erasure outran its lease: another may have run beside it');
  return join([text, ctx.t('privacy.erase.overran')], '\n');
}
