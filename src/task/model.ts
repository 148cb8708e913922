import { Schema } from 'mongoose';
import { CHURN_REASONS, INTERACTION_TYPES } from '../customer/types.js';
import {
  EDIT_FIELDS,
  type InteractionOwed,
  TASK_KINDS,
  TASK_STATUSES,
  type TaskNotice,
  type TaskRecord,
} from './types.js';

/** A task as stored: `_id` is its natural key; the DMs its last changes owe, until written. */
export type TaskDoc = Omit<TaskRecord, 'id'> & {
  _id: string;
  noticesOwed?: TaskNotice[];
  /** The interaction its Done owes the customer's file, until logged (InteractionOwed). */
  interactionOwed?: InteractionOwed;
  /**
   * The customer's revision whose rename wrote `customerName` (none: copied when planned): a
   * rename's copy never replaces a later one's (TaskRepository.renameCustomer).
   */
  customerNameRevision?: number;
  /** The words of `content` around the customer's name (NewTask.contentAround). */
  contentAround?: [string, string];
};

const dateOnly = { type: String, match: /^\d{4}-\d{2}-\d{2}$/ };

/**
 * Follow-up and care tasks. `_id` is the task's natural key (team, kind and what it follows up,
 * e.g. a ticket's resolution or a customer's care date), so planning a task twice, by a retry
 * or by two instances, inserts it once.
 */
export const taskSchema = new Schema<TaskDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    kind: { type: String, enum: TASK_KINDS, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    customerId: { type: String, required: true },
    customerCode: { type: String, required: true },
    customerName: { type: String, required: true },
    customerNameRevision: Number,
    ticketId: String,
    ticketNumber: String,
    /** A guide or check-in: the customer's other tickets it covers (TaskRecord.alsoTickets). */
    alsoTickets: { type: [String], default: undefined },
    /** Which resolution of the ticket (its reopen count then): a reopen cancels that cycle. */
    cycle: Number,
    /** A win-back call: the churn risk episode it was planned for. */
    episode: String,
    /** The executor, reminded by DM. */
    assigneeId: { type: String, required: true },
    /** The customer's owner, a guest, for whom the desk planned it (its executor the manager). */
    guestOwner: String,
    /** The agent a revisit rates: the ticket's assignee when it was resolved. */
    agentId: String,
    content: String,
    contentAround: { type: [String], default: undefined },
    helperId: String,
    /** Who signs the task off: may complete and reschedule it, lists it under "To approve". */
    approverId: String,
    createdBy: String,
    dueDate: { ...dateOnly, required: true },
    dueAt: Date,
    reminders: {
      early: Date,
      due: Date,
    },
    outcome: {
      type: new Schema(
        {
          interactionType: { type: String, enum: INTERACTION_TYPES, required: true },
          summary: { type: String, required: true },
          solved: Boolean,
          satisfaction: { type: Number, min: 1, max: 5 },
          nps: { type: Number, min: 0, max: 10 },
          feedback: String,
          contactedAt: Date,
          churnReason: { type: String, enum: CHURN_REASONS },
          staying: Boolean,
          contactKey: String,
        },
        { _id: false },
      ),
      default: undefined,
    },
    doneBy: String,
    doneAt: Date,
    /** The workspace-local date it was done: on time when not after the due date. */
    doneDate: dateOnly,
    cancelledAt: Date,
    cancelReason: String,
    /** Cancel task: who, and why in their words. */
    cancelledBy: String,
    cancelNote: String,
    /** The submission (Done, Cancel task: `submissionKey`) that closed it. */
    closedForm: String,
    /** Each change of the due date by a person (Change due date). */
    rescheduled: {
      type: [
        new Schema(
          {
            from: { ...dateOnly, required: true },
            to: { ...dateOnly, required: true },
            by: { type: String, required: true },
            at: { type: Date, required: true },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    /** How many times the calendar moved its due day (a complaint's contact step). */
    calendarMoves: Number,
    /** The DMs a change owes until they are in the outbox (TaskNotice; the outbox job's repair). */
    noticesOwed: {
      type: [
        new Schema(
          {
            what: {
              type: String,
              enum: ['planned', 'moved', 'done', 'edited', 'lowScore', 'cancelled', 'attempt'],
              required: true,
            },
            by: { type: String, required: true },
            at: { type: Date, required: true },
            from: dateOnly,
            to: dateOnly,
            edit: Number,
            /** An upgrade intent's managers told, and the owner without a desk role. */
            managers: { type: [String], default: undefined },
            ownerId: String,
            /** A low survey's typed contact, named by the managers' DM (personal data). */
            contact: String,
            /** A low score's follow-up: the call (task id) whose score the managers are told. */
            call: String,
            /** An attempt to reach a complaint's customer: how, and when it was made. */
            via: String,
            tried: Date,
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    /** The interaction its Done owes the customer's file, until logged (InteractionOwed). */
    interactionOwed: {
      type: new Schema(
        {
          at: { type: Date, required: true },
          by: { type: String, required: true },
          date: { ...dateOnly, required: true },
          nextStep: String,
          nextStepDate: dateOnly,
          nextStepApproverId: String,
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Each Edit task by a person: which fields, and who held the people fields before. */
    edits: {
      type: [
        new Schema(
          {
            by: { type: String, required: true },
            at: { type: Date, required: true },
            fields: { type: [{ type: String, enum: EDIT_FIELDS }], required: true },
            before: {
              type: new Schema(
                { assigneeId: String, helperId: String, approverId: String },
                { _id: false },
              ),
              default: {},
            },
          },
          { _id: false },
        ),
      ],
      default: undefined,
    },
  },
  { collection: 'tasks', timestamps: true, versionKey: false },
);
taskSchema.index({ teamId: 1, status: 1, dueDate: 1 });
taskSchema.index({ teamId: 1, ticketId: 1 });
// App Home: a person's tasks due today and overdue.
taskSchema.index({ teamId: 1, assigneeId: 1, status: 1, dueDate: 1 });
taskSchema.index({ teamId: 1, customerId: 1, status: 1 });
// `/task mine` and App Home: the open tasks a person signs off (no partial index: the
// embedded stand-in has none, and tasks without an approver share one null key).
taskSchema.index({ teamId: 1, approverId: 1, status: 1, dueDate: 1 });
// App Home: the open tasks a person helps with (manual C's 协助人).
taskSchema.index({ teamId: 1, helperId: 1, status: 1, dueDate: 1 });
taskSchema.index({ teamId: 1, doneAt: 1 });
// The daily key step (DataSubjectRepository.forgetSubmissionDigests): the tasks still holding a
// form submission key (`closedForm`, a day at most). Not sparse: with `teamId` on every task a
// sparse compound index would hold them all anyway; the key's prefix bounds the walk.
taskSchema.index({ teamId: 1, closedForm: 1 });
// The care plan: the contacts a person cancelled lately, however long overdue they were.
taskSchema.index({ teamId: 1, status: 1, cancelledAt: 1 });
// The digest's and the reports' follow-ups moved from a day of their window, or moved in it.
taskSchema.index({ teamId: 1, 'rescheduled.from': 1 });
taskSchema.index({ teamId: 1, 'rescheduled.at': 1 });
// The digest's and the reports' upgrade intents handed to sales in their window.
taskSchema.index({ teamId: 1, createdAt: 1 });
// The records written since the reports' stored days were checked (src/digest/daily/).
taskSchema.index({ teamId: 1, updatedAt: 1 });
// The outbox job's repair: the tasks whose change's DMs may not be in the outbox (a handful).
taskSchema.index({ 'noticesOwed.at': 1 });
// The outbox job's repair: the tasks done whose interaction is not logged yet (a handful).
taskSchema.index({ 'interactionOwed.at': 1 });
