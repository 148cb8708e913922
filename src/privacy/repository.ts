import type { Model } from 'mongoose';
import type { PrivacyLogEntry } from './types.js';

/** The privacy log, scoped by team. */
export class PrivacyLogRepository {
  constructor(private readonly model: Model<PrivacyLogEntry>) {}

  async append(entry: PrivacyLogEntry): Promise<void> {
    await this.model.create(entry);
  }

  /** The latest entries, newest first, and how many there are. */
  async latest(
    teamId: string,
    limit: number,
  ): Promise<{ items: PrivacyLogEntry[]; total: number }> {
    const [items, total] = await Promise.all([
      this.model
        .find({ teamId })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .select({ _id: 0 })
        .lean<PrivacyLogEntry[]>(),
      this.model.countDocuments({ teamId }),
    ]);
    return { items, total };
  }
}
