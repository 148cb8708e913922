/** The privacy log's vocabulary: what was done with personal data, by whom, about whom. */

export const PRIVACY_KINDS = [
  /** A CSV export of the customer file (`detail.masked`: whether personal fields were masked). */
  'export.customers',
  'export.contacts',
  /** Everything held about one customer or contact, exported (a data-subject request). */
  'export.subject',
  /** A contact or a customer erased (a data-subject request). */
  'erase',
  /** Old closed tickets' text and interactions anonymised by the retention job. */
  'retention',
  /** A workspace's data erased (uninstall). */
  'erase.workspace',
  /** Personal data seen in clear by someone who is not the customer's owner. */
  'view',
] as const;
export type PrivacyKind = (typeof PRIVACY_KINDS)[number];

export interface PrivacyLogEntry {
  teamId: string;
  kind: PrivacyKind;
  /** Who did it: a Slack user id, or `system` for the desk's jobs. */
  by: string;
  /** About whom: a customer code, `C2026001/contact name`, `all`. */
  subject: string;
  at: Date;
  /**
   * What exactly: counts, the surface, the file's columns. Never the personal data itself. A
   * data-subject export shared in Slack has `delivered`: null until Slack answers the upload,
   * then true, or false with Slack's error code (`deliveryError`), or null with `deliveryError`
   * when the share got no answer from Slack (the files may have been shared).
   */
  detail: Record<string, unknown>;
}
