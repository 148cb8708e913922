// An uninstall with `eraseOnUninstall` erases "every document of that workspace" (README,
// Installing in several workspaces): DataSubjectRepository.eraseWorkspace deletes from every
// collection by what ties a document to its workspace. A collection it has no filter for (no
// `teamId` field, not keyed by `<teamId>:` either) would keep that workspace's documents after
// the erase, as the counters once did: each one fails here until eraseWorkspace covers it.
import mongoose from 'mongoose';
import { afterAll, describe, expect, test } from 'vitest';
import { createModels } from '../../src/db/models.js';
import { WORKSPACE_BY_ID, workspaceFilter } from '../../src/privacy/repository.js';

// Models registered on a connection that never connects: their schemas are all this reads.
const conn = mongoose.createConnection();
afterAll(() => conn.close());
const models = Object.entries(createModels(conn));

describe('eraseWorkspace covers every collection', () => {
  test('each collection has a filter selecting one workspace’s documents', () => {
    const uncovered = models
      .filter(([name, model]) => !workspaceFilter(name, model.schema, 'T0ACME0001'))
      .map(([name]) => name);
    expect(uncovered).toEqual([]);
    expect(models.length).toBeGreaterThanOrEqual(20);
  });

  test('the counters are selected by their id’s team prefix, anchored, the id escaped', () => {
    const filter = workspaceFilter('sequences', conn.models.Sequence!.schema, 'T0A.ME*01');
    const id = (filter as { _id: RegExp })._id;
    expect(id.test('T0A.ME*01:customer:2026')).toBe(true);
    // Another workspace's counter, an id with the team id inside it, a look-alike of the pattern.
    expect(id.test('T0GLOBEX01:customer:2026')).toBe(false);
    expect(id.test('XT0A.ME*01:customer:2026')).toBe(false);
    expect(id.test('T0AXMEEE01:customer:2026')).toBe(false);
    expect(WORKSPACE_BY_ID.every((name) => models.some(([n]) => n === name))).toBe(true);
  });
});
