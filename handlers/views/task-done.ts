import { AppError, FieldErrors } from '../../src/errors.js';
import { allows } from '../../src/ticket/rules.js';
import { boundary } from '../../src/slack/boundary.js';
import { replyPrivately } from '../../src/slack/reply.js';
import { parseTaskOutcome } from '../../src/task/form.js';
import { markdown } from '../../src/ui/blocks.js';
import { revisitSummary, taskTitle } from '../../src/ui/task.js';
import { actOnTicket } from '../tickets.js';
import type { HandlerDeps } from '../deps.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

/**
 * Submit of a task's Done modal: closes the task with its outcome, logs the contact on the
 * customer and keeps satisfaction and NPS for the digest. A revisit that finds the issue not
 * solved reopens the ticket (which cancels its other follow-ups).
 */
export function taskDone(deps: HandlerDeps) {
  return boundary<ViewArgs>('view:task_done', deps.boundary, async ({ ack, body, client }, req) => {
    const { form, meta, t, now } = await readSubmission(body, deps, req);
    if (!meta.task) throw new AppError('INVALID_INPUT', 'error.internal');
    const open = await deps.services.tasks.forCompletion(req.teamId, meta.task, req.userId);
    const outcome = parseTaskOutcome(form, open.kind);
    if (outcome.solved === false && open.ticketNumber) {
      // "Not solved" reopens the ticket: say so on the field if it cannot be reopened.
      const ticket = await deps.services.tickets.get(req.teamId, open.ticketNumber);
      if (!allows(ticket.status, 'reopen'))
        throw new FieldErrors({
          solved: { key: 'task.error.cannotReopen', params: { number: ticket.number } },
        });
    }
    const task = await deps.services.tasks.complete(
      req.teamId,
      meta.task,
      outcome,
      req.userId,
      now,
      (done) => revisitSummary(t, done, outcome),
    );
    await ack();
    req.log.info({ task: task.id, kind: task.kind }, 'task done');

    let reopened = false;
    if (task.kind === 'revisit' && outcome.solved === false && task.ticketNumber) {
      try {
        await actOnTicket(deps, req.teamId, task.ticketNumber, { action: 'reopen' }, req.userId);
        reopened = true;
      } catch (err) {
        req.log.warn({ err, ticket: task.ticketNumber }, 'unsolved revisit: ticket not reopened');
      }
    }
    const text = [
      t('task.done.confirm', { task: taskTitle(t, task) }),
      ...(reopened ? [t('task.done.reopened', { number: task.ticketNumber ?? '' })] : []),
    ].join('\n');
    await replyPrivately(
      client,
      { responseUrl: meta.responseUrl, userId: req.userId },
      { text, blocks: [markdown(text)] },
    );
  });
}
