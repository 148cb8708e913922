import type { Connection } from 'mongoose';
import { channelLinkSchema, seenEventSchema } from '../channel/model.js';
import {
  customerChangeSchema,
  customerSchema,
  customerSignalSchema,
  interactionSchema,
  orderSchema,
} from '../customer/model.js';
import { digestSchema } from '../digest/model.js';
import { eventClaimSchema } from '../events/model.js';
import { installationSchema } from '../install/model.js';
import { dailyFactsSchema, reportSchema } from '../digest/model.js';
import {
  channelRefusalSchema,
  homeOpenSchema,
  homesRefreshSchema,
  outboxSchema,
  refusalNoticeSchema,
  slackWaitSchema,
  ticketPostSchema,
} from '../outbox/model.js';
import {
  erasureLeaseSchema,
  privacyKeysSchema,
  privacyLogSchema,
  unmarkedErasureSchema,
} from '../privacy/model.js';
import { jobRunSchema } from '../schedule/model.js';
import { taskSchema } from '../task/model.js';
import { ticketSchema } from '../ticket/model.js';
import { settingsChangeSchema, workspaceSchema } from '../workspace/model.js';
import { sequenceSchema } from './sequence.js';

/** Every collection, registered on one connection. Only repositories use these. */
export function createModels(conn: Connection) {
  return {
    workspaces: conn.model('Workspace', workspaceSchema),
    settingsChanges: conn.model('SettingsChange', settingsChangeSchema),
    sequences: conn.model('Sequence', sequenceSchema),
    customers: conn.model('Customer', customerSchema),
    orders: conn.model('Order', orderSchema),
    interactions: conn.model('Interaction', interactionSchema),
    customerChanges: conn.model('CustomerChange', customerChangeSchema),
    customerSignals: conn.model('CustomerSignal', customerSignalSchema),
    tickets: conn.model('Ticket', ticketSchema),
    jobRuns: conn.model('JobRun', jobRunSchema),
    tasks: conn.model('Task', taskSchema),
    digests: conn.model('Digest', digestSchema),
    reports: conn.model('Report', reportSchema),
    figuresDaily: conn.model('FiguresDaily', dailyFactsSchema),
    outbox: conn.model('Outbox', outboxSchema),
    channelRefusals: conn.model('ChannelRefusal', channelRefusalSchema),
    refusalNotices: conn.model('RefusalNotice', refusalNoticeSchema),
    homesRefreshes: conn.model('HomesRefresh', homesRefreshSchema),
    homeOpens: conn.model('HomeOpen', homeOpenSchema),
    ticketPosts: conn.model('TicketPost', ticketPostSchema),
    slackWaits: conn.model('SlackWait', slackWaitSchema),
    installations: conn.model('Installation', installationSchema),
    channelLinks: conn.model('ChannelLink', channelLinkSchema),
    seenEvents: conn.model('SeenEvent', seenEventSchema),
    eventClaims: conn.model('EventClaim', eventClaimSchema),
    privacyLog: conn.model('PrivacyLog', privacyLogSchema),
    privacyKeys: conn.model('PrivacyKeys', privacyKeysSchema),
    erasureLeases: conn.model('ErasureLease', erasureLeaseSchema),
    erasuresUnmarked: conn.model('UnmarkedErasure', unmarkedErasureSchema),
  };
}

export type Models = ReturnType<typeof createModels>;
