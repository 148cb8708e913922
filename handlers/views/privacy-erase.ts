import { eraseDoneText, eraseUserDoneText } from '../../src/ui/privacy.js';
import { homeReaderOf, publishHome } from '../home.js';
import { boundary } from '../../src/slack/boundary.js';
import { PRIVACY } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Erase confirmed: the contact, customer or Slack user erased (admins only), the cards and the
 * Homes listing what changed refreshed through the outbox, the result told privately.
 */
export function privacyErase(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${PRIVACY.eraseView}`, deps.boundary, async (args, ctx) => {
    const { meta } = readSubmission(args.body);
    if (meta.subjectUser) {
      const { plan, changed, cards } = await deps.flows.privacy.eraseUser(ctx, meta.subjectUser);
      await args.ack();
      ctx.log.info(
        { requested: plan.requested, changed, cards },
        'Slack user personal data erased',
      );
      await confirm(deps, args, ctx, meta, eraseUserDoneText(ctx.t, plan, changed, cards));
      // Their App Home showed their tickets' titles: published again now, from the records
      // (nothing of theirs left), directly (an outbox entry would keep their id); a guest's as
      // a guest reads it (Slack asked as when they open it), not the staff Home.
      try {
        const reader = await homeReaderOf(deps, ctx, meta.subjectUser, args.client);
        await publishHome(deps, reader, args.client);
      } catch (err) {
        ctx.log.info({ err }, 'erased Slack user: App Home not published again');
      }
      return;
    }
    const { plan, changed, cards } = await deps.flows.privacy.erase(
      ctx,
      customerCodeOf(meta),
      meta.contact,
    );
    await args.ack();
    ctx.log.info(
      { code: plan.code, whole: plan.whole, changed, elsewhere: plan.elsewhere, cards },
      'personal data erased',
    );
    await confirm(deps, args, ctx, meta, eraseDoneText(ctx.t, plan, changed, cards));
  });
}
