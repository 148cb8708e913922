/** How long a delivery holds its event: Slack's retries within it (~1 min) find it taken. */
export const EVENT_CLAIM_LEASE_MS = 2 * 60_000;
/** Claims are deleted after a day (Slack's last retry comes about 5 minutes after the event). */
export const EVENT_CLAIM_KEEP_MS = 86_400_000;

/** The one delivery of an event that does its work. */
export interface EventClaim {
  /** `team:event_id`. */
  id: string;
  teamId: string;
  eventId: string;
  owner: string;
  /** 1 for the first delivery to take it; more when an earlier attempt failed or died. */
  attempt: number;
}
