import { AlertNotifier } from './alerts.js';
import { DigestNotifier } from './digest.js';
import { SignalNotifier } from './signals.js';
import type { SlackOut } from './slack.js';
import { TaskNotifier } from './tasks.js';
import { TicketNotifier } from './tickets.js';

export type { SlackOut };

/**
 * Every Slack message the desk sends on its own (not as the answer to a request) goes through
 * one of these: flows ask for a notification with domain records, a notifier renders it with
 * the ui builders and posts it, and says whether Slack took it.
 */
export interface Notifiers {
  tickets: TicketNotifier;
  alerts: AlertNotifier;
  tasks: TaskNotifier;
  signals: SignalNotifier;
  digests: DigestNotifier;
}

export function createNotifiers(out: SlackOut): Notifiers {
  return {
    tickets: new TicketNotifier(out),
    alerts: new AlertNotifier(out),
    tasks: new TaskNotifier(out),
    signals: new SignalNotifier(out),
    digests: new DigestNotifier(out),
  };
}
