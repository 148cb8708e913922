import type { Model } from 'mongoose';
import { settingsSchema, type WorkspaceSettings } from './settings.js';
import { isDuplicateKey } from '../db/errors.js';

export interface WorkspaceRecord {
  teamId: string;
  settings: WorkspaceSettings;
  createdAt: Date;
  updatedAt: Date;
}

interface WorkspaceDoc {
  teamId: string;
  settings: unknown;
  createdAt: Date;
  updatedAt: Date;
}

function toRecord(doc: WorkspaceDoc): WorkspaceRecord {
  return {
    teamId: doc.teamId,
    settings: settingsSchema.parse(doc.settings),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

export class WorkspaceRepository {
  constructor(private readonly model: Model<WorkspaceDoc>) {}

  /**
   * Returns the team's document, creating it with `defaults` on first use. One atomic upsert;
   * two instances racing on a new team both end up reading the single document.
   */
  async findOrCreate(teamId: string, defaults: WorkspaceSettings): Promise<WorkspaceRecord> {
    const upsert = () =>
      this.model
        .findOneAndUpdate(
          { teamId },
          { $setOnInsert: { teamId, settings: defaults } },
          { upsert: true, returnDocument: 'after', lean: true },
        )
        .exec();
    let doc: WorkspaceDoc | null;
    try {
      doc = await upsert();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      doc = await this.model.findOne({ teamId }).lean<WorkspaceDoc>().exec();
    }
    if (!doc) throw new Error(`workspace ${teamId} vanished while being created`);
    return toRecord(doc);
  }

  /** Every workspace's team id: what the scheduled jobs run for. */
  async teamIds(): Promise<string[]> {
    const docs = await this.model.find({}).select({ teamId: 1 }).lean<{ teamId: string }[]>();
    return docs.map((d) => d.teamId).sort();
  }

  async find(teamId: string): Promise<WorkspaceRecord | null> {
    const doc = await this.model.findOne({ teamId }).lean<WorkspaceDoc>().exec();
    return doc ? toRecord(doc) : null;
  }
}
