import type { Config } from './config.js';
import type { Database } from './db/connection.js';
import { WorkspaceRepository } from './workspace/repository.js';
import { seedFromConfig, WorkspaceService } from './workspace/service.js';

/** The domain services handlers and jobs call; built once per app from the database. */
export interface Services {
  workspaces: WorkspaceService;
}

export function createServices(db: Database, config: Config): Services {
  return {
    workspaces: new WorkspaceService(
      new WorkspaceRepository(db.models.workspaces),
      seedFromConfig(config),
    ),
  };
}
