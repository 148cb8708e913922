import { createHash } from 'node:crypto';
import { CHURN_REASONS, INTERACTION_TYPES } from '../customer/types.js';
import { CUSTOMER_CODE, foldCode } from '../customer/rules.js';
import { checkNextStep, NEXT_STEP_RULES, nextStepOf } from '../customer/form.js';
import { choice, date, score, text, time, user, type FormData } from '../forms/kinds.js';
import { optional, readForm, required } from '../forms/read.js';
import { localDate, pastLocalInstant, zonedDateTime } from '../time.js';
import { FieldErrors, type FieldProblem } from '../errors.js';
import { typedExcerpt } from '../text/clip.js';
import type { UnfitPerson } from '../workspace/types.js';
import {
  asksScores,
  CANCEL_REASONS,
  CONTACT_OUTCOMES,
  type ContactOutcome,
  MANUAL_TASK_KINDS,
  type CancelReason,
  type ManualTaskInput,
  type TaskEditInput,
  type TaskEditShown,
  type TaskKind,
  type TaskOutcome,
  type TaskRecord,
} from './types.js';

const SOLVED = ['yes', 'no'] as const;

/**
 * What a complaint's contact task's Done says came of it (`contact_outcome`): "Tried, could not
 * reach" records an attempt and keeps the task open (TaskFlows.complete). Not given (a modal
 * opened before it was asked): reached, as before.
 */
export function contactOutcomeOf(form: FormData): ContactOutcome {
  const v = readForm(
    form,
    { contact_outcome: optional(choice(CONTACT_OUTCOMES, 'task.contactOutcome')) },
    undefined,
  );
  return v.contact_outcome ?? 'reached';
}

/** A win-back call's answer to "why are they leaving?": a churn reason, or not leaving. */
const WINBACK_ANSWERS = [...CHURN_REASONS, 'staying'] as const;

/**
 * The Done modal of a task: how the customer was reached, what came of it, and for a revisit
 * whether the issue is solved and the satisfaction (1-5, required) and NPS (0-10) scores (asked,
 * optional, of the other kinds whose outcome is a customer's answer: `asksScores`).
 * `summary` may be left empty on a revisit: the scores are the summary then. A quarterly
 * satisfaction survey asks the contact surveyed (`contact`: a contact's key, or who answered when
 * none is on file) and the satisfaction (required), NPS and feedback; its summary is written
 * from them. Like any logged
 * interaction it may name a next step, a task for whoever did this one when it has a date,
 * signed off by the approver picked (`nextStepApproverId`; it needs the date).
 */
export function parseTaskOutcome(
  form: FormData,
  kind: TaskKind,
  /** A complaint's contact: when it happened is read in the workspace's zone, not after now
   * and not before the complaint was received (`receivedAt`, to the minute the form reads). */
  clock?: { now: Date; timeZone: string; receivedAt?: Date; plannedOn?: string },
): TaskOutcome {
  const revisit = kind === 'revisit';
  const contact = kind === 'complaint_contact';
  // A quarterly satisfaction survey: the contact surveyed and the satisfaction are required; its
  // summary is written from the answers.
  const survey = kind === 'survey';
  const scored = asksScores(kind);
  let contactedAt: Date | undefined;
  const v = readForm(
    form,
    {
      type: required(choice(INTERACTION_TYPES, 'interaction')),
      summary: optional(text({ max: 2000, multiline: true })),
      feedback: optional(text({ max: 2000, multiline: true })),
      satisfaction: optional(score(1, 5)),
      nps: optional(score(0, 10)),
      solved: optional(choice(SOLVED, 'task.solved')),
      contacted_date: optional(date({ past: false })),
      // When it was done (the other kinds; a complaint's contact says it with its time).
      done_date: optional(date({ past: false })),
      contacted_time: optional(time()),
      churn_reason: optional(choice(WINBACK_ANSWERS, 'churnReason')),
      // A contact's key (picked), or who answered, typed when no contact is on file.
      contact: optional(text({ max: 200 })),
      contact_outcome: optional(choice(CONTACT_OUTCOMES, 'task.contactOutcome')),
      ...NEXT_STEP_RULES,
    },
    undefined,
    (values, problems) => {
      if (contact) {
        if (!values.contacted_date) problems.contacted_date ??= { key: 'form.error.required' };
        if (!values.contacted_time) problems.contacted_time ??= { key: 'form.error.required' };
        if (values.contacted_date && values.contacted_time && clock) {
          contactedAt = pastLocalInstant(
            values.contacted_date,
            values.contacted_time,
            clock.timeZone,
            clock.now,
          );
          // Later than now: said on the time when it is today (the date is right), else the date.
          if (contactedAt.getTime() > clock.now.getTime() + 60_000) {
            const today = localDate(clock.now, clock.timeZone);
            if (values.contacted_date === today)
              problems.contacted_time = {
                key: 'task.error.contactInFuture',
                params: { now: zonedDateTime(clock.now, clock.timeZone) },
              };
            else problems.contacted_date = { key: 'form.error.futureDate' };
          }
          // The time is picked to the minute: the received minute itself is not before it.
          const received = clock.receivedAt;
          if (
            received &&
            contactedAt.getTime() < received.getTime() - (received.getTime() % 60_000)
          ) {
            // Said on the field that is wrong: the time on the day it was received, else the date.
            const sameDay = values.contacted_date === localDate(received, clock.timeZone);
            problems[sameDay ? 'contacted_time' : 'contacted_date'] = {
              key: 'task.error.contactBeforeReceived',
              params: { received: zonedDateTime(received, clock.timeZone) },
            };
          }
        }
      }
      if (!contact && values.done_date && clock) {
        if (values.done_date > localDate(clock.now, clock.timeZone))
          problems.done_date = { key: 'form.error.futureDate' };
        else if (clock.plannedOn && values.done_date < clock.plannedOn)
          problems.done_date = {
            key: 'task.error.doneBeforePlanned',
            params: { planned: clock.plannedOn },
          };
      }
      // A greeting's summary may be left empty: "greeting sent" is logged then.
      if (!revisit && !survey && kind !== 'greeting' && !values.summary)
        problems.summary ??= { key: 'form.error.required' };
      // A win-back call asks why the customer is leaving (manual C: 知晓流失原因), or that they
      // are not: answered either way, so a reason is never left out by mistake nor made up.
      if (kind === 'winback' && !values.churn_reason)
        problems.churn_reason ??= { key: 'form.error.required' };
      if (survey) {
        if (!values.contact) problems.contact ??= { key: 'form.error.required' };
        if (values.satisfaction === undefined)
          problems.satisfaction ??= { key: 'form.error.required' };
      }
      checkNextStep(values, problems);
      if (!revisit) return;
      if (!values.solved) problems.solved ??= { key: 'form.error.required' };
      if (values.satisfaction === undefined)
        problems.satisfaction ??= { key: 'form.error.required' };
    },
  );
  return {
    interactionType: v.type,
    summary: v.summary ?? '',
    ...(revisit && v.solved ? { solved: v.solved === 'yes' } : {}),
    // Scores only where the outcome is a customer's answer (a modal opened before a kind stopped
    // asking them may still carry them: not kept).
    ...(scored && v.satisfaction !== undefined ? { satisfaction: v.satisfaction } : {}),
    ...(scored && v.nps !== undefined ? { nps: v.nps } : {}),
    ...(v.feedback ? { feedback: v.feedback } : {}),
    ...(survey && v.contact ? { contactKey: v.contact } : {}),
    ...(contact ? { contactedAt: contactedAt ?? clock?.now ?? new Date() } : {}),
    ...(contact && v.contacted_date ? { doneDate: v.contacted_date } : {}),
    ...(!contact && v.done_date ? { doneDate: v.done_date } : {}),
    ...(kind === 'winback' && v.churn_reason
      ? v.churn_reason === 'staying'
        ? { staying: true }
        : { churnReason: v.churn_reason }
      : {}),
    ...nextStepOf(v),
  };
}

/**
 * Who the Done modal's next step is signed off by, read alone (the people check asks Slack about
 * them before the save; parseTaskOutcome reads the whole form).
 */
export function nextStepApproverOf(form: FormData): string | undefined {
  return readForm(form, { next_step_approver: optional(user()) }, undefined).next_step_approver;
}

/**
 * Cancel task: why (not needed, or the customer not reached) and the person's words (required to
 * cancel it as not needed: TaskService.cancelByPerson says so on the field).
 */
export function parseCancelForm(form: FormData): { reason: CancelReason; note?: string } {
  const v = readForm(
    form,
    {
      reason: required(choice(CANCEL_REASONS, 'task.cancel.reason')),
      note: optional(text({ max: 500, multiline: true })),
    },
    undefined,
    (values, problems) => {
      if (values.reason === 'by_hand' && !values.note)
        problems.note ??= { key: 'form.error.required' };
    },
  );
  return { reason: v.reason, ...(v.note ? { note: v.note } : {}) };
}

/** Change due date: a date, today or later (`today`: the workspace's). */
export function parseDueForm(form: FormData, today: string): string {
  const v = readForm(form, { due: required(date({ past: false })) }, today, (values, problems) => {
    if (values.due && values.due < today) problems.due = { key: 'form.error.pastDate' };
  });
  return v.due;
}

/**
 * The New task modal (`/task new`, the card's New task): customer, kind, executor, helper,
 * approver (not the executor), due date (today or later) and what to do. Throws FieldErrors naming each bad field.
 */
export function parseManualTaskForm(
  form: FormData,
  today: string,
  submissionId: string,
): ManualTaskInput {
  const v = readForm(
    form,
    {
      customer: required(text({ max: 20, fold: true })),
      kind: required(choice(MANUAL_TASK_KINDS, 'task.kind')),
      executor: required(user()),
      helper: optional(user()),
      approver: optional(user()),
      due: required(date({ past: false })),
      content: required(text({ max: 2000, multiline: true })),
    },
    today,
    (values, problems) => {
      if (values.customer && !CUSTOMER_CODE.test(foldCode(values.customer)))
        problems.customer = { key: 'ticket.error.pickCustomer' };
      if (values.due && values.due < today) problems.due = { key: 'form.error.pastDate' };
      // Signed off by someone else than who does it: nobody approves their own work.
      if (values.approver && values.approver === values.executor)
        problems.approver = { key: 'task.error.approverIsExecutor' };
    },
  );
  return {
    customerCode: foldCode(v.customer),
    kind: v.kind,
    assigneeId: v.executor,
    ...(v.helper && v.helper !== v.executor ? { helperId: v.helper } : {}),
    ...(v.approver ? { approverId: v.approver } : {}),
    dueDate: v.due,
    content: v.content,
    submissionId,
  };
}

/**
 * Edit task's modal (`fields`: what it shows, see editableFields): who does it, who helps, who
 * signs it off (not the executor), the due date (today or later, unless unchanged: `current`)
 * and what to do, as New task reads them. Throws FieldErrors naming each bad field.
 */
export function parseTaskEditForm(
  form: FormData,
  today: string,
  fields: readonly string[],
  current: string,
): TaskEditInput {
  const has = (field: string) => fields.includes(field);
  const v = readForm(
    form,
    {
      executor: required(user()),
      helper: optional(user()),
      ...(has('approverId') ? { approver: optional(user()) } : {}),
      ...(has('dueDate') ? { due: required(date({ past: false })) } : {}),
      ...(has('content') ? { content: required(text({ max: 2000, multiline: true })) } : {}),
    },
    today,
    (values, problems) => {
      const due = values.due as string | undefined;
      if (due && due !== current && due < today) problems.due = { key: 'form.error.pastDate' };
      if (values.approver && values.approver === values.executor)
        problems.approver = { key: 'task.error.approverIsExecutor' };
    },
  );
  const approver = v.approver as string | undefined;
  const due = v.due as string | undefined;
  const content = v.content as string | undefined;
  return {
    assigneeId: v.executor,
    ...(v.helper && v.helper !== v.executor ? { helperId: v.helper } : {}),
    ...(approver ? { approverId: approver } : {}),
    ...(due ? { dueDate: due } : {}),
    ...(content ? { content } : {}),
  };
}

/** A task's words as an Edit task modal's metadata keeps them: a digest (16 characters). */
export function contentDigest(content: string | undefined): string {
  return createHash('sha256')
    .update(content ?? '')
    .digest('base64url')
    .slice(0, 16);
}

/**
 * What an Edit task modal opened on `task` shows (TaskEditInput.shown), kept in its metadata:
 * a submission changes only the fields the person changed from these.
 */
export function editShown(
  task: Pick<TaskRecord, 'assigneeId' | 'helperId' | 'approverId' | 'dueDate' | 'content'>,
): TaskEditShown {
  return {
    assigneeId: task.assigneeId,
    ...(task.helperId ? { helperId: task.helperId } : {}),
    ...(task.approverId ? { approverId: task.approverId } : {}),
    dueDate: task.dueDate,
    contentDigest: contentDigest(task.content),
  };
}

/** A users select of a task's form: its block, who was picked, and whether a guest may be. */
export interface PickedPerson {
  field: string;
  userId: string | undefined;
  /** Nobody does, helps with or signs off a task who is a guest (the desk's task lists and its
   * erasure by Slack user are for members); a field that allows one says so. */
  guest: 'allowed' | 'refused';
}

/**
 * Refuses, each on its own field, the people picked whom Slack said (`unfit`: users.info, asked
 * by whoever read the form) are a bot, a deactivated account or a guest (unless the field allows
 * one). Asked by the form's handler before its saving view, and again by the task service as it
 * saves (New task, Edit task, a hand-over's moves), with what the handler was told.
 */
export function refuseUnfitPeople(
  fields: readonly PickedPerson[],
  unfit: readonly UnfitPerson[] = [],
): void {
  const problems: Record<string, FieldProblem> = {};
  for (const { field, userId, guest } of fields) {
    const person = userId ? unfit.find((p) => p.userId === userId) : undefined;
    if (!person || (person.reason === 'guest' && guest === 'allowed')) continue;
    problems[field] = {
      key: 'task.error.unfit',
      params: { name: typedExcerpt(person.name, 80), reason: person.reason },
    };
  }
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}

/** A task's people as its form's fields: nobody of them may be a guest. */
export function taskPeople(people: {
  assigneeId?: string | undefined;
  helperId?: string | undefined;
  approverId?: string | undefined;
}): PickedPerson[] {
  return [
    { field: 'executor', userId: people.assigneeId, guest: 'refused' },
    { field: 'helper', userId: people.helperId, guest: 'refused' },
    { field: 'approver', userId: people.approverId, guest: 'refused' },
  ];
}
