import type { Connection } from 'mongoose';
import { workspaceSchema } from '../workspace/model.js';

/** Every collection, registered on one connection. Only repositories use these. */
export function createModels(conn: Connection) {
  return {
    workspaces: conn.model('Workspace', workspaceSchema),
  };
}

export type Models = ReturnType<typeof createModels>;
