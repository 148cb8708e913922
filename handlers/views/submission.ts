import { AppError } from '../../src/errors.js';
import { translator, type Translate } from '../../src/i18n/index.js';
import type { RequestContext } from '../../src/slack/boundary.js';
import {
  changedFormData,
  formData,
  readMetadata,
  viewSubmissionSchema,
  type ModalMetadata,
} from '../../src/slack/payloads.js';
import { localDate } from '../../src/time.js';
import type { WorkspaceSettings } from '../../src/workspace/settings.js';
import type { HandlerDeps } from '../deps.js';

export interface Submission {
  /** The modal's inputs as plain form data (block id -> value). */
  form: Record<string, string | undefined>;
  /** Only the inputs the person changed from what the modal was opened with. */
  changed: Record<string, string | undefined>;
  /** The view's id: one submission of one modal, for idempotent writes. */
  viewId: string;
  meta: ModalMetadata;
  settings: WorkspaceSettings;
  t: Translate;
  now: Date;
  /** Today in the workspace's time zone. */
  today: string;
}

/** What every modal submission starts with: parsed payload, settings, time. */
export async function readSubmission(
  body: unknown,
  deps: HandlerDeps,
  req: RequestContext,
): Promise<Submission> {
  const { view } = viewSubmissionSchema.parse(body);
  const settings = await deps.services.workspaces.settings(req.teamId);
  const now = deps.clock.now();
  return {
    form: formData(view),
    changed: changedFormData(view),
    viewId: view.id,
    meta: readMetadata(view.private_metadata),
    settings,
    t: translator(settings.locale),
    now,
    today: localDate(now, settings.timeZone),
  };
}

/** The customer code a modal about one customer carries. */
export function customerCodeOf(meta: ModalMetadata): string {
  if (!meta.code) throw new AppError('INVALID_INPUT', 'error.internal');
  return meta.code;
}
