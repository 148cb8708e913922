import { keep } from '../../src/ui/text.js';
import { boundary } from '../../src/slack/boundary.js';
import { PRIVACY } from '../../src/ui/ids.js';
import type { HandlerDeps } from '../deps.js';
import { confirm, customerCodeOf, readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/** Erase confirmed: the contact or customer erased (admins only), the result told privately. */
export function privacyErase(deps: HandlerDeps) {
  return boundary<ViewArgs>(`view:${PRIVACY.eraseView}`, deps.boundary, async (args, ctx) => {
    const { meta } = readSubmission(args.body);
    const { plan, changed } = await deps.services.dataSubjects.erase(
      ctx,
      customerCodeOf(meta),
      meta.contact,
    );
    await args.ack();
    const count = Object.values(changed).reduce((n, c) => n + c, 0) + 1;
    ctx.log.info({ code: plan.code, whole: plan.whole, changed }, 'personal data erased');
    const what = ctx.t(plan.whole ? 'privacy.erase.whatCustomer' : 'privacy.erase.whatContact');
    await confirm(
      deps,
      args,
      ctx,
      meta,
      ctx.t('privacy.erase.done', { what: keep(what), code: plan.code, count }),
    );
  });
}
