import { AppError } from '../../src/errors.js';
import { beforeSave, checked } from '../../src/slack/boundary.js';
import { parseTaskEditForm, taskPeople } from '../../src/task/form.js';
import { editableFields } from '../../src/task/types.js';
import { TASK } from '../../src/ui/ids.js';
import { editedFieldsText, taskTitle } from '../../src/ui/task.js';
import { keep } from '../../src/ui/text.js';
import type { HandlerDeps } from '../deps.js';
import { refuseUnfitPeople } from './people.js';
import { confirm, readSubmission, savedBefore } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of Edit task: the fields the task may change read as New task reads them (each bad
 * one inline, bots, deactivated accounts and, as approver, guests refused on their field); the
 * fields the person changed from what the modal showed written (TaskFlows.edit: one someone
 * else changed meanwhile refused inline), the modal closed, and the person told privately what
 * changed.
 */
export function taskEdit(deps: HandlerDeps) {
  return checked<ViewArgs>(`view:${TASK.editView}`, deps.boundary, async (args, ctx) => {
    const { form, meta, changed } = readSubmission(args.body);
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.unreadable');
    const current = await deps.services.tasks.forEdit(ctx, meta.task);
    // What the modal showed (a modal opened before the desk kept it: the task as it is now):
    // only the fields changed from it are written, and a date left as shown is not judged.
    const shown = meta.taskShown;
    const editable = editableFields(current);
    const input = {
      ...parseTaskEditForm(form, ctx.today, editable, shown?.dueDate ?? current.dueDate),
      ...(shown ? { shown } : {}),
    };
    const unfit = await refuseUnfitPeople(deps, args.client, ctx, taskPeople(input));
    await beforeSave(args);
    const { task, fields } = await deps.flows.tasks.edit(
      ctx,
      meta.task,
      input,
      () => args.ack(),
      unfit,
    );
    if (savedBefore({ changed }, fields.length > 0)) return;
    const title = keep(taskTitle(ctx.t, task));
    const text = fields.length
      ? ctx.t('task.edit.confirm', { task: title, fields: editedFieldsText(ctx.t, fields) })
      : ctx.t('task.edit.unchanged', { task: title });
    await confirm(deps, args, ctx, meta, text);
  });
}
