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

/**
 * What `/desk privacy log` lists by the word typed after `log`: each word its kinds. Without a
 * word it lists everything but views (`PRIVACY_LOG_DEFAULT`), which would drown the rest.
 */
export const PRIVACY_LOG_FILTERS = {
  erase: ['erase', 'erase.workspace'],
  export: ['export.customers', 'export.contacts', 'export.subject'],
  retention: ['retention'],
  view: ['view'],
} as const satisfies Record<string, readonly PrivacyKind[]>;
export type PrivacyLogFilter = keyof typeof PRIVACY_LOG_FILTERS;

/** The filter a typed word names (`erase`, `export`, `retention`, `view`), if any. */
export function privacyLogFilter(word: string): PrivacyLogFilter | undefined {
  return Object.hasOwn(PRIVACY_LOG_FILTERS, word) ? (word as PrivacyLogFilter) : undefined;
}

/** What the privacy log lists when no kind is asked for: every kind but views. */
export const PRIVACY_LOG_DEFAULT: readonly PrivacyKind[] = PRIVACY_KINDS.filter(
  (k) => k !== 'view',
);

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
