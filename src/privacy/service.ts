import type { Ctx } from '../context.js';
import type { PrivacyLogRepository } from './repository.js';
import type { PrivacyKind, PrivacyLogEntry } from './types.js';

/** Records what is done with personal data (the privacy log) and reads it back for admins. */
export class PrivacyLog {
  constructor(private readonly repo: PrivacyLogRepository) {}

  record(
    ctx: Pick<Ctx, 'teamId' | 'actor' | 'now'>,
    kind: PrivacyKind,
    subject: string,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    return this.repo.append({
      teamId: ctx.teamId,
      kind,
      by: ctx.actor,
      subject,
      at: ctx.now,
      detail,
    });
  }

  latest(
    ctx: Pick<Ctx, 'teamId'>,
    limit = 20,
  ): Promise<{ items: PrivacyLogEntry[]; total: number }> {
    return this.repo.latest(ctx.teamId, limit);
  }
}
