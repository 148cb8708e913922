// Workspace settings are read once per request and cached per instance: a change made on one
// instance is seen at once there, and by every other instance within SETTINGS_FRESH_MS, without
// a restart; under steady traffic no request waits for the check.
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { createDeskApp, type DeskApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { EngineKind } from '../../src/db/engine.js';
import { createLogger } from '../../src/logger.js';
import { SETTINGS_FRESH_MS } from '../../src/workspace/service.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET, useTestApp } from '../helpers/app.js';
import { SlackRequests } from '../helpers/slack-requests.js';

const app = useTestApp();

/** A second instance of the desk on the same database (another replica behind the balancer). */
let other: { desk: DeskApp; slack: SlackRequests };

beforeAll(async () => {
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: app.fake.apiUrl,
    PORT: '0',
  });
  const desk = createDeskApp(
    {
      config,
      db: app.db,
      engine: inject('mongoEngine') as EngineKind,
      log: createLogger('silent'),
      clock: app.clock,
    },
    { processBeforeResponse: true, submitAckBudgetMs: null },
  );
  const port = await desk.start();
  other = {
    desk,
    slack: new SlackRequests(`http://127.0.0.1:${port}`, TEST_SIGNING_SECRET, app.fake),
  };
});

afterAll(async () => {
  await other?.desk.stop();
});

const EN = '*/ticket*: service tickets';
const ZH = '*/ticket*：服务工单';
const helpOn = async (slack: SlackRequests) =>
  String((await slack.command('/ticket', 'help')).body.text);

describe('settings across instances', () => {
  test('a change on one instance is seen there at once and by the others within seconds', async () => {
    expect(await helpOn(app.slack)).toContain(EN);
    expect(await helpOn(other.slack)).toContain(EN);

    await app.setSettings(() => ({ locale: 'zh-CN' }));
    expect(await helpOn(app.slack)).toContain(ZH);
    // The other instance trusts what it read a moment ago...
    expect(await helpOn(other.slack)).toContain(EN);
    // ...and checks the stored version once that is older than SETTINGS_FRESH_MS.
    app.clock.advance(SETTINGS_FRESH_MS);
    expect(await helpOn(other.slack)).toContain(ZH);
  });

  test('past half its freshness a copy is still used, and checked again meanwhile: the next request sees the change', async () => {
    other.desk.services.workspaces.forget(); // what it kept from the test before
    expect(await helpOn(other.slack)).toContain(EN);
    await app.setSettings(() => ({ locale: 'zh-CN' }));
    app.clock.advance(SETTINGS_FRESH_MS * 0.6);
    // Answered from the copy, without waiting for the check...
    expect(await helpOn(other.slack)).toContain(EN);
    // ...which lands soon after, before the copy would have been too old to use.
    await vi.waitFor(async () => expect(await helpOn(other.slack)).toContain(ZH), {
      timeout: 15_000,
    });
  });

  test('settings edited by hand in the database (no version bump) are seen within seconds', async () => {
    expect(await helpOn(app.slack)).toContain(EN);
    await app.db.models.workspaces.updateOne(
      { teamId: 'T0TEAM0001' },
      { $set: { 'settings.locale': 'zh-CN' } },
    );
    app.clock.advance(SETTINGS_FRESH_MS);
    expect(await helpOn(app.slack)).toContain(ZH);
  });

  test('two instances changing settings at once both land: neither overwrites the other', async () => {
    await Promise.all([
      app.desk.services.workspaces.update('T0TEAM0001', (s) => ({
        ...s,
        managers: [...s.managers, 'U0MANAGER1'],
      })),
      other.desk.services.workspaces.update('T0TEAM0001', (s) => ({
        ...s,
        admins: [...s.admins, 'U0ADMIN001'],
      })),
    ]);
    app.clock.advance(SETTINGS_FRESH_MS);
    for (const desk of [app.desk, other.desk]) {
      const settings = await desk.services.workspaces.settings('T0TEAM0001');
      expect(settings.managers).toContain('U0MANAGER1');
      expect(settings.admins).toContain('U0ADMIN001');
    }
  });
});

describe('a stale copy and a check under way', () => {
  test('a copy gone stale is read again, not taken from a check begun before another instance changed the settings', async () => {
    const workspaces = app.desk.services.workspaces;
    await workspaces.settings('T0TEAM0001');
    // Past half its freshness, a request's read starts a check in the background; this one's
    // answer is held (read, not yet returned), as a slow read under load is.
    const repo = (workspaces as unknown as { repo: { findNewer: (...a: unknown[]) => unknown } })
      .repo;
    const findNewer = repo.findNewer;
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    repo.findNewer = async function (this: unknown, ...args: unknown[]) {
      const read = await findNewer.apply(this, args);
      reach();
      await held;
      return read;
    };
    try {
      app.clock.advance(SETTINGS_FRESH_MS / 2);
      await workspaces.settings('T0TEAM0001');
      await reached;
      // Another instance changes the settings; this copy then goes stale.
      await other.desk.services.workspaces.update('T0TEAM0001', (s) => ({
        ...s,
        managers: [...s.managers, 'U0MANAGER2'],
      }));
      app.clock.advance(SETTINGS_FRESH_MS);
      repo.findNewer = findNewer;
      const read = workspaces.settings('T0TEAM0001');
      release();
      expect((await read).managers).toContain('U0MANAGER2');
    } finally {
      repo.findNewer = findNewer;
      release();
    }
  });
});
