import { Schema, type Types } from 'mongoose';
import { TIERS } from '../customer/types.js';
import {
  COMPLAINT_URGENCIES,
  INTAKE_CHANNELS,
  ROOT_CAUSES,
  SEVERITIES,
  STATUSES,
  TICKET_TYPES,
  type TicketRecord,
} from './types.js';

/** A ticket as stored: the record with MongoDB's ids. */
export type TicketDoc = Omit<TicketRecord, 'id' | 'customerId'> & {
  _id: Types.ObjectId;
  customerId: Types.ObjectId;
  /** Retention rewrote it; its card's refresh or its posts' edits are not in the outbox yet. */
  cardOwed?: boolean;
  /**
   * A merge under way on this ticket (as its duplicate or its target): `op` is the merge's own
   * id, `until` when it lapses (a process cut short mid-merge holds it no longer), and the form's
   * submission that asked for it (`key`: its claim id, `submissionClaimId`, a hash keeping nothing
   * of what was typed) and by whom, when a form did (`by`: TicketService.lockMerge). While it
   * holds, no one else may take it out of the open states (close, resolve, merge it away). One
   * lapsed a day ago is taken off by the privacy-retention run's key step.
   */
  mergeLock?: { op: string; until: Date; key?: string; by?: string };
};

export const ticketSchema = new Schema<TicketDoc>(
  {
    teamId: { type: String, required: true },
    number: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    customerCode: { type: String, required: true },
    customerName: { type: String, required: true },
    customerTier: { type: String, enum: TIERS, required: true },
    /** The customer's owner: the account manager, told at intake, L3 on escalation. */
    accountManagerId: { type: String, required: true },
    /** The customer's revision that owner is of (TicketRecord.accountManagerRevision). */
    accountManagerRevision: { type: Number },
    /** The customer's revision that tier is of (TicketRecord.customerTierRevision). */
    customerTierRevision: { type: Number },
    /** A guest owner the account manager stands in for (TicketRecord.guestOwner). */
    guestOwner: String,
    /** The stand-in's DM owed of a ticket written while nobody could stand in (TicketRecord). */
    standInTakenOwedAt: Date,
    /** Whom that DM is for: the move's stand-in and guest (TicketRecord.standInTakenFor). */
    standInTakenFor: {
      type: new Schema({ accountManagerId: String, guestOwner: String }, { _id: false }),
      default: undefined,
    },
    type: { type: String, enum: TICKET_TYPES, required: true },
    severity: { type: String, enum: SEVERITIES, required: true },
    channel: { type: String, enum: INTAKE_CHANNELS, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    sourcePermalink: String,
    source: {
      type: new Schema({ channel: String, ts: String }, { _id: false }),
      default: undefined,
    },
    requester: {
      type: new Schema(
        {
          userId: String,
          contactName: String,
          via: { type: String, enum: INTAKE_CHANNELS },
          external: Boolean,
        },
        { _id: false },
      ),
      default: undefined,
    },
    followers: { type: [String], default: undefined },
    followedAt: {
      type: [
        new Schema(
          { user: String, at: Date, seq: Number, owedAt: Date, owedTo: Number },
          { _id: false },
        ),
      ],
      default: undefined,
    },
    followerAdds: Number,
    keptNoteTold: {
      type: [new Schema({ lead: Number, through: Number }, { _id: false })],
      default: undefined,
    },
    followersOwed: {
      type: [new Schema({ user: String, by: String, add: Number, at: Date }, { _id: false })],
      default: undefined,
    },
    conversation: {
      type: new Schema(
        { channel: String, ts: String, shared: Boolean, team: String },
        { _id: false },
      ),
      default: undefined,
    },
    /** The ticket whose thread a reply too late for it opened this one in (TicketRecord.follows). */
    follows: String,
    submissionId: { type: String, required: true },
    /** The New ticket modal that made a message's ticket (TicketRecord.formView). */
    formView: String,
    receivedAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    filedByGuest: Boolean,
    status: { type: String, enum: STATUSES, required: true },
    level: { type: Number, enum: [1, 2, 3], required: true },
    assigneeId: String,
    firstAssigneeId: String,
    sla: {
      responseMinutes: { type: Number, required: true },
      resolutionMinutes: { type: Number, required: true },
      aroundTheClock: { type: Boolean, required: true },
      responseTier: { type: String, enum: TIERS },
    },
    /** Complaints: urgency, contact step, root cause and corrective action, repeats. */
    complaint: {
      type: new Schema(
        {
          urgency: { type: String, enum: COMPLAINT_URGENCIES, required: true },
          contactDueAt: { type: Date, required: true },
          contactMinutes: Number,
          contactFrom: Date,
          contactAroundTheClock: Boolean,
          resolutionDueAt: { type: Date, required: true },
          mergedResolutionDueAt: Date,
          contactedAt: Date,
          contactedBy: String,
          contactVia: String,
          contactSummary: String,
          contactWaived: { type: String, enum: ['erased'] },
          contactWaivedAt: Date,
          attempts: {
            type: [
              new Schema({ at: Date, by: String, via: String, summary: String }, { _id: false }),
            ],
            default: undefined,
          },
          resolvedUncontacted: {
            type: new Schema({ by: String, reason: String, at: Date }, { _id: false }),
            default: undefined,
          },
          rootCause: { type: String, enum: ROOT_CAUSES },
          rootCauseText: String,
          correctiveAction: String,
          repeatOf: { type: [String], default: undefined },
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** Demands: the plan-and-dates step (manual B). */
    demand: {
      type: new Schema(
        {
          planDueAt: { type: Date, required: true },
          planDays: Number,
          plannedAt: Date,
          plannedBy: String,
          planSummary: String,
          planDates: String,
        },
        { _id: false },
      ),
      default: undefined,
    },
    pauses: { type: [{ _id: false, from: { type: Date, required: true }, to: Date }], default: [] },
    firstResponseAt: Date,
    /** The customer's first unanswered message after the first response (next-reply clock). */
    replyFrom: Date,
    /** The last next reply owed that stopped being owed: from, until (the digest's end test). */
    pastReplies: { type: [{ _id: false, from: Date, until: Date }], default: undefined },
    resolvedAt: Date,
    closedAt: Date,
    resolution: String,
    upgradeWhat: String,
    upgradeOwed: Date,
    /** What the digest reads, stored when it happens. */
    metrics: {
      firstResponseMinutes: Number,
      responseBreached: Boolean,
      resolutionMinutes: Number,
      resolutionBreached: Boolean,
      escalations: { type: Number, default: 0 },
      reassignments: { type: Number, default: 0 },
      reopenCount: { type: Number, default: 0 },
      firstContactResolution: Boolean,
      firstResponseBy: String,
      nextReplies: Number,
      nextReplyBreaches: Number,
      nextRepliesCounted: Number,
      nextReplyBreachesCounted: Number,
      loggedLateMinutes: Number,
    },
    /** The triage card: where it is, or that it still has to be posted (retried by a job). */
    card: {
      channel: String,
      ts: String,
      permalink: String,
      pending: { type: Boolean, default: true },
    },
    /**
     * Set with the retention job's rewrite of a ticket whose card is posted, unset once the
     * card's refresh is in the outbox: a card the run could not write is written by the next.
     */
    cardOwed: Boolean,
    accountManagerNotified: { type: Boolean, default: false },
    /** When each SLA alert went out (set once, by a conditional update). */
    alerts: { type: Schema.Types.Mixed, default: {} },
    /** Alerts marked but not yet in the outbox: the next sweep writes them. */
    alertsOwed: { type: [String], default: undefined },
    /**
     * Counts the SLA sweep's alert marks (`markAlerts`, which bumps no version): a request that
     * read the card's thread with the ticket learns whether an alert was marked since.
     */
    threadRev: Number,
    /** When the SLA sweep should look at this ticket next; unset when nothing is left. */
    nextAlertAt: Date,
    /** Stored due times (clock.ts `dueTimes`), kept with every change: lists read these. */
    responseDueAt: Date,
    resolutionDueAt: Date,
    replyDueAt: Date,
    dueAt: Date,
    /** A change whose notices are not in the outbox yet (see TicketFlows.repairNotices). */
    noticesOwedAt: Date,
    /** A new ticket's re-check after its insert, not done yet (TicketRecord.intakeCheckOwedAt). */
    intakeCheckOwedAt: Date,
    /** A resume at an erasure not yet announced (TicketRecord.erasureResumeOwed). */
    erasureResumeOwed: String,
    /** Whose erasure, while not done (TicketRecord.erasureResumeUser). */
    erasureResumeUser: String,
    /** Who started that erasure (TicketRecord.erasureResumeBy). */
    erasureResumeBy: String,
    /** Logged once as not finishable (TicketRecord.erasureResumeOrphanLogged). */
    erasureResumeOrphanLogged: Date,
    /** Checked once for whom it names (TicketRecord.erasureResumeOrphanChecked). */
    erasureResumeOrphanChecked: Date,
    /** That erasure failed at the upkeep: when it tries again (TicketRecord.erasureResumeRetryAt). */
    erasureResumeRetryAt: Date,
    /** How many times in a row the upkeep failed it (TicketRecord.erasureResumeTries). */
    erasureResumeTries: Number,
    /** Its admin told it waits on the person's customers (TicketRecord.erasureResumeOwnerTold). */
    erasureResumeOwnerTold: Date,
    /** The customers its admin was told of (TicketRecord.erasureResumeOwnerNamed). */
    erasureResumeOwnerNamed: { type: [String], default: undefined },
    /** The admins told so (TicketRecord.erasureResumeOwnerTo). */
    erasureResumeOwnerTo: { type: [String], default: undefined },
    /** Its no-admin warning last logged (TicketRecord.erasureResumeNoAdminWarned). */
    erasureResumeNoAdminWarned: Date,
    /** Its kept-and-tried-again warning last logged (TicketRecord.erasureResumeWaitWarned). */
    erasureResumeWaitWarned: Date,
    /** That erasure's own key (TicketRecord.erasureResumeOwnerKey). */
    erasureResumeOwnerKey: String,
    /** That erasure's own id (TicketRecord.erasureResumeId). */
    erasureResumeId: String,
    /** Its resume told while that erasure waits (TicketRecord.erasureResumeToldWaiting). */
    erasureResumeToldWaiting: Date,
    /** That erasure done, its announcement still owed (TicketRecord.erasureResumeReady). */
    erasureResumeReady: Date,
    /** That resume left an earlier change's notices mark (TicketRecord.erasureResumeLeft). */
    erasureResumeLeft: Boolean,
    /** The requester's survey (#10): see TicketSurvey. */
    survey: {
      type: new Schema(
        {
          source: { type: String, enum: ['customer'], required: true },
          sentAt: { type: Date, required: true },
          remindedAt: Date,
          satisfaction: { type: Number, min: 1, max: 5 },
          nps: { type: Number, min: 0, max: 10 },
          comment: String,
          by: String,
          at: Date,
          cycle: Number,
          followUpAt: Date,
          followUpCycle: Number,
          click: {
            type: new Schema({ satisfaction: Number, at: Date }, { _id: false }),
            default: undefined,
          },
          detailsOwedAt: Date,
          cardOwedAt: Date,
        },
        { _id: false },
      ),
      default: undefined,
    },
    progressNoteAt: Date,
    /** The new date the last delay notice promised the requester (`YYYY-MM-DD`). */
    promisedDate: String,
    /** The promised date a delay draft was given for once it passed (one per promise). */
    promiseLapsedFor: String,
    /** A duplicate merged into another ticket: its number (and card link). */
    mergedInto: String,
    mergedIntoLink: String,
    mergeLock: {
      type: new Schema({ op: String, until: Date, key: String, by: String }, { _id: false }),
    },
    /** Every change, in order: the thread of a card posted late is filled from it. */
    timeline: {
      type: [
        {
          _id: false,
          action: { type: String, required: true },
          by: { type: String, required: true },
          at: { type: Date, required: true },
          assigneeId: String,
          owners: {
            type: new Schema({ accountManagerId: String, guestOwner: String }, { _id: false }),
            default: undefined,
          },
          level: Number,
          text: String,
          via: String,
          source: String,
          said: String,
          wroteAt: Date,
          sentAt: Date,
          answeredAt: Date,
          reply: Boolean,
          revisit: Boolean,
          answersLate: Boolean,
          writer: String,
          unshared: String,
          into: String,
          mergedFrom: String,
          contactCarried: Boolean,
          notReached: Boolean,
          followedBy: String,
          released: String,
          classified: {
            type: new Schema(
              {
                type: { type: String, enum: TICKET_TYPES },
                severity: { type: String, enum: SEVERITIES },
                urgency: { type: String, enum: COMPLAINT_URGENCIES },
                raised: { type: String, enum: ['complaint', 'urgency'] },
                was: { type: String, enum: COMPLAINT_URGENCIES },
                responseMinutes: Number,
                planDropped: { type: Boolean, default: undefined },
              },
              { _id: false },
            ),
            default: undefined,
          },
          retargeted: {
            type: new Schema(
              {
                tier: { type: String, enum: TIERS },
                responseMinutes: Number,
                was: Number,
                reason: { type: String, enum: ['potential'], default: undefined },
              },
              { _id: false },
            ),
            default: undefined,
          },
          /** A reopen's record of the resolve without the contact it undid (TicketEvent). */
          resolvedUncontacted: {
            type: new Schema({ by: String, reason: String, at: Date }, { _id: false }),
            default: undefined,
          },
          /** The kept-note notices that went out while it was on the ticket (their leads). */
          toldIn: { type: [Number], default: undefined },
        },
      ],
      default: [],
    },
    /** Bumped on every change: actions apply only to the version they read. */
    version: { type: Number, default: 0 },
  },
  { collection: 'tickets', timestamps: true, minimize: false },
);
ticketSchema.index({ teamId: 1, number: 1 }, { unique: true });
/** The outbox job's repair reads the upgrade intents whose hand-off is still owed. */
ticketSchema.index({ upgradeOwed: 1 }, { sparse: true });
ticketSchema.index({ standInTakenOwedAt: 1 }, { sparse: true });
/** The outbox job's repair reads the survey answers whose details DMs may be owed. */
ticketSchema.index({ 'survey.detailsOwedAt': 1 }, { sparse: true });
ticketSchema.index({ 'survey.cardOwedAt': 1 }, { sparse: true });
ticketSchema.index({ teamId: 1, status: 1, assigneeId: 1 });
/**
 * A team's tickets of a status by id, a page at a time (`_id` after the last read): the
 * progress-note sweep's read of the assigned ones every 15 minutes, the open and resolved pages.
 */
ticketSchema.index({ teamId: 1, status: 1, _id: 1 });
ticketSchema.index({ teamId: 1, customerId: 1, status: 1 });
// Repeat complaints: a customer's complaints by when they came.
ticketSchema.index({ teamId: 1, customerId: 1, type: 1, receivedAt: 1 });
ticketSchema.index({ teamId: 1, submissionId: 1 }, { unique: true });
// A customer channel's thread: the ticket its replies belong to (#10).
ticketSchema.index({ teamId: 1, 'conversation.channel': 1, 'conversation.ts': 1 });
// A reply in the thread of a follow-up message (ChannelFlows.reply): the ticket it joined.
ticketSchema.index({ teamId: 1, 'timeline.source': 1 });
ticketSchema.index({ noticesOwedAt: 1 });
// New tickets whose re-check after the insert was cut short (TicketFlows.repairIntakeChecks).
ticketSchema.index({ intakeCheckOwedAt: 1 }, { sparse: true });
// Merge locks left by a merge cut short, lapsed a day ago (the privacy-retention run's key step,
// DataSubjectRepository.forgetSubmissionDigests): only the tickets holding one.
ticketSchema.index({ 'mergeLock.until': 1 }, { sparse: true });
// An erasure by Slack user's resumes not yet announced (PrivacyFlows.eraseUser).
ticketSchema.index({ teamId: 1, erasureResumeOwed: 1 }, { sparse: true });
// The outbox upkeep's read of resumes owed across workspaces whose marks do not say whose
// (DataSubjectRepository.erasuresOrphaned, every minute): `$exists: true` on a sparse index
// meets only the marked tickets (the compound one above holds every ticket: teamId is on all).
ticketSchema.index({ erasureResumeOwed: 1 }, { sparse: true });
ticketSchema.index({ erasureResumeReady: 1 }, { sparse: true });
ticketSchema.index({ erasureResumeUser: 1 }, { sparse: true });
// An erasure by Slack user's unset of its person as who started another erasure
// (erasureResumeBy) and as an admin told one waits on a guest owner (erasureResumeOwnerTo,
// multikey): the team first, only the marked tickets held (partial: a sparse one would hold
// every ticket, each having a team), which an equality on the field meets.
ticketSchema.index(
  { teamId: 1, erasureResumeBy: 1 },
  { partialFilterExpression: { erasureResumeBy: { $exists: true } } },
);
ticketSchema.index(
  { teamId: 1, erasureResumeOwnerTo: 1 },
  { partialFilterExpression: { erasureResumeOwnerTo: { $exists: true } } },
);
ticketSchema.index({ 'followersOwed.at': 1 });
// Steps owed to followers added while they were written (TicketFlows.repairFollowSteps).
ticketSchema.index({ 'followedAt.owedAt': 1 });
ticketSchema.index({ teamId: 1, nextAlertAt: 1 });
// Open tickets whose promised date passed: the SLA sweep drafts their delay notice.
ticketSchema.index({ teamId: 1, status: 1, promisedDate: 1 });
// The lists and App Home: open tickets due first (then by number), by status, by assignee
// (null: unassigned), by requester or by filer (waiting on them). The sort's keys end each
// index, so a page merges the statuses' ranges in order and reads only the rows it shows: no
// in-memory sort.
ticketSchema.index({ teamId: 1, status: 1, dueAt: 1, number: 1 });
ticketSchema.index({ teamId: 1, assigneeId: 1, status: 1, dueAt: 1, number: 1 });
ticketSchema.index({ teamId: 1, 'requester.userId': 1, status: 1, dueAt: 1, number: 1 });
ticketSchema.index({ teamId: 1, createdBy: 1, status: 1, dueAt: 1, number: 1 });
// An account manager's Home: their customers' open tickets nobody holds.
ticketSchema.index({ teamId: 1, accountManagerId: 1, status: 1, dueAt: 1, number: 1 });
// This week so far (App Home for managers): counts by when things happened.
ticketSchema.index({ teamId: 1, receivedAt: 1 });
// The reports' tickets entered in a period (received back-dated: opened then, digest/figures.ts).
ticketSchema.index({ teamId: 1, createdAt: 1 });
// The records written since the reports' stored days were checked (src/digest/daily/).
ticketSchema.index({ teamId: 1, updatedAt: 1 });
ticketSchema.index({ teamId: 1, resolvedAt: 1 });
ticketSchema.index({ teamId: 1, firstResponseAt: 1 });
// Survey reminders: sent, not answered, not reminded.
ticketSchema.index({ teamId: 1, 'survey.sentAt': 1 });
// With those above, every branch of the weekly digest's and the reports' queries by date has an
// index (a MongoDB reads a whole collection for an $or with one branch it has no index for):
// closed or survey answered since the week began, a complaint's contact due in a day.
ticketSchema.index({ teamId: 1, closedAt: 1 });
ticketSchema.index({ teamId: 1, 'survey.at': 1 });
ticketSchema.index({ teamId: 1, 'complaint.contactDueAt': 1 });
// The reports' tickets whose next reply owed at a period's end was given since (`pastReplies`).
ticketSchema.index({ teamId: 1, 'pastReplies.until': 1 });
// The cards and post edits retention still owes Slack: few, so one sparse field holds only them
// (a compound sparse index would hold every ticket, as each has a teamId); the team is filtered
// on those few.
ticketSchema.index({ cardOwed: 1 }, { sparse: true });
// Erasure by Slack user (DataSubjectRepository.staffTrace): whether a person is or was a ticket's
// first assignee (its assignee and account manager have the lists' indexes above; a MongoDB reads
// the team's every ticket for an $or with one branch it has no index for), whether a claim,
// reassign or escalation gave it to them or found them its account manager (TicketEvent.owners),
// and whether they acted in a timeline (all three multikey: one entry per person in it, not per
// entry).
ticketSchema.index({ teamId: 1, firstAssigneeId: 1 });
ticketSchema.index({ teamId: 1, 'timeline.assigneeId': 1 });
ticketSchema.index({ teamId: 1, 'timeline.owners.accountManagerId': 1 });
ticketSchema.index({ teamId: 1, 'timeline.by': 1 });
