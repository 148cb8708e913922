import { AppError, FieldErrors } from '../../src/errors.js';
import type { ActionParams } from '../../src/ticket/service.js';
import type { ModalMetadata } from '../../src/slack/payloads.js';
import { boundary } from '../../src/slack/boundary.js';
import type { HandlerDeps } from '../deps.js';
import { actOnTicket } from '../tickets.js';
import { readSubmission } from './submission.js';
import type { ViewArgs } from './types.js';

type ModalAction = 'reassign' | 'escalate' | 'note' | 'resolve';

function required(form: Record<string, string | undefined>, field: string, max: number): string {
  const value = form[field]?.trim();
  if (!value) throw new FieldErrors({ [field]: { key: 'form.error.required' } });
  if (value.length > max)
    throw new FieldErrors({ [field]: { key: 'form.error.tooLong', params: { max } } });
  return value;
}

function paramsFor(
  action: ModalAction,
  form: Record<string, string | undefined>,
  meta: ModalMetadata,
): ActionParams {
  switch (action) {
    case 'reassign':
      return { action, to: required(form, 'assignee', 30) };
    case 'escalate':
      return {
        action,
        reason: required(form, 'reason', 1000),
        ...(form.expert ? { expertId: form.expert } : {}),
        ...(meta.level ? { fromLevel: meta.level } : {}),
      };
    case 'note':
      return { action, text: required(form, 'note', 2000) };
    case 'resolve':
      return { action, summary: required(form, 'resolution', 2000) };
  }
}

/** Submits of Reassign, Escalate, Add note and Resolve: inline errors, then the change. */
export function ticketActionView(deps: HandlerDeps, action: ModalAction) {
  return boundary<ViewArgs>(`view:ticket_${action}`, deps.boundary, async ({ ack, body }, req) => {
    const { form, meta } = await readSubmission(body, deps, req);
    if (!meta.ticket) throw new AppError('INVALID_INPUT', 'error.internal');
    await actOnTicket(
      deps,
      req.teamId,
      meta.ticket,
      paramsFor(action, form, meta),
      req.userId,
      () => ack(),
    );
    req.log.info({ ticket: meta.ticket, action }, 'ticket action');
  });
}
