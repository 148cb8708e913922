import type { WebClient } from '@slack/web-api';
import type { OutboxService } from '../outbox/service.js';
import { HandoverNotifier } from './handover.js';
import { AlertNotifier } from './alerts.js';
import { ChannelNotifier } from './channels.js';
import { DigestNotifier } from './digest.js';
import { HomeNotifier } from './home.js';
import { ReportNotifier } from './report.js';
import type { OutboxWorker } from './outbox.js';
import { PrivacyNotifier } from './privacy.js';
import { RequesterNotifier } from './requester.js';
import { SettingsNotifier } from './settings.js';
import { SignalNotifier } from './signals.js';
import { TaskNotifier } from './tasks.js';
import { TicketNotifier } from './tickets.js';

export type { Delivered } from './outbox.js';
export type { DeliveryHooks, TicketView } from './types.js';

/**
 * Every Slack message the desk sends on its own (not as the answer to a request) goes through
 * the outbox: flows ask a notifier, which renders with the ui builders and writes outbox entries
 * keyed by the change; the worker delivers them (at once for a request's own messages, in the
 * background for a job's).
 */
export interface Notifiers {
  tickets: TicketNotifier;
  /** The requester's notices, survey and drafts (#10). */
  requester: RequesterNotifier;
  alerts: AlertNotifier;
  tasks: TaskNotifier;
  signals: SignalNotifier;
  digests: DigestNotifier;
  reports: ReportNotifier;
  homes: HomeNotifier;
  /** A hand-over's one DM to its receiver (`/desk handover`). */
  handover: HandoverNotifier;
  /** The admins told of a change the desk made to the settings itself (a channel shared). */
  settings: SettingsNotifier;
  /** The admin told of an erasure the desk finished for them (the outbox upkeep). */
  privacy: PrivacyNotifier;
  /** A customer channel's customer left it (Slack Connect disconnected): its agents, the admins. */
  channels: ChannelNotifier;
  /**
   * Delivers what was written: `deliver` now, or `kick` the background loop; or `takeBack` what a
   * `batch` wrote and is not to go after all (`takeBackNamed`: naming a customer erased since);
   * `confirmDrawn` a repair's DMs found unchanged.
   */
  outbox: Pick<
    OutboxWorker,
    'batch' | 'confirmDrawn' | 'deliver' | 'kick' | 'takeBack' | 'takeBackNamed' | 'dropFollowerDms'
  >;
}

export function createNotifiers(
  outbox: OutboxService,
  worker: OutboxWorker,
  clientFor: (teamId: string) => Promise<WebClient | undefined>,
): Notifiers {
  const requester = new RequesterNotifier(outbox);
  return {
    tickets: new TicketNotifier(outbox, clientFor, requester),
    requester,
    alerts: new AlertNotifier(outbox),
    tasks: new TaskNotifier(outbox),
    signals: new SignalNotifier(outbox),
    digests: new DigestNotifier(outbox),
    reports: new ReportNotifier(outbox),
    homes: new HomeNotifier(outbox),
    handover: new HandoverNotifier(outbox, () => worker),
    settings: new SettingsNotifier(outbox),
    privacy: new PrivacyNotifier(outbox),
    channels: new ChannelNotifier(outbox),
    outbox: worker,
  };
}
