import { makeCtx } from '../../src/context.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { redrawAfterSave } from '../../src/slack/reply.js';
import { SETTINGS } from '../../src/ui/ids.js';
import { REPLY_TEXT_BLOCK, REPLY_TITLE_BLOCK } from '../../src/workspace/saved-replies.js';
import type { HandlerDeps } from '../deps.js';
import { repliesView } from '../settings.js';
import { parentViewOf, readKeyedSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Save of a saved reply's modal (Add reply, Edit): the service refuses anyone but an admin and
 * names a bad title or text, a title another reply has or a 51st reply on its input (what was
 * typed stays); saved, by the reply's id, as one versioned update (every instance sees it), in
 * the settings history. The modal closes back to the list under it, drawn again with the reply
 * as saved (views.update with the list's hash when the form was pushed: a redraw that lost a
 * race with another does nothing).
 */
export function settingsReplySave(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${SETTINGS.replyView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, key, changed } = readKeyedSubmission(deps, args.body);
    // A new reply is keyed by its submission: delivered again, it is added once; the form
    // submitted with something changed is another submission.
    const typed = {
      id: meta.reply,
      form: key,
      title: form[REPLY_TITLE_BLOCK],
      text: form[REPLY_TEXT_BLOCK],
    };
    // What was typed, checked before anything is read: a bad value comes back on its input.
    deps.services.settings.checkReply(ctx, typed);
    await beforeSave(args);
    const saved = await deps.services.settings.saveReply(ctx, typed);
    await args.ack();
    const asSaved = makeCtx({ ...ctx, settings: saved.after });
    // Saved, or its submission saved already (delivered again: `again`; an edit changed from
    // what the modal showed that finds the reply so): "Saved", as the first delivery said.
    const asSavedBefore = saved.again || Object.keys(changed).length > 0;
    const notice = asSaved.t(
      saved.changed || asSavedBefore ? 'settings.replies.saved' : 'settings.replies.unchanged',
      { title: saved.reply.title },
    );
    const parent = parentViewOf(deps, ctx, meta, `view:${SETTINGS.replyView}`);
    if (parent)
      await redrawAfterSave(
        args.client,
        {
          view_id: parent,
          ...(meta.parentHash ? { hash: meta.parentHash } : {}),
          view: repliesView(asSaved, { page: meta.page }, notice),
        },
        ctx.log,
      );
  });
}
