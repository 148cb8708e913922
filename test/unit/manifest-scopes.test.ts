import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { describe, expect, test } from 'vitest';
import { BOT_SCOPES } from '../../src/slack/scopes.js';
import { EVENTS } from '../../src/ui/ids.js';

// manifest.yml asks a workspace for exactly the bot scopes the code needs: each Web API method
// the code calls (found in the source) needs the scopes of this table, each event it listens to
// those of EVENT_SCOPES, and slash commands and shortcuts `commands`. A call to a method that is
// not in the table fails here until its scope is looked up and added.
const METHOD_SCOPES: Record<string, string[]> = {
  // chat:write.public: the outbox posts to the configured channels without being invited.
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  // A ticket's card posted again twice by a race: the loser's own post taken back.
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  // A card's link (and a customer message's, for its ticket): Slack asks no scope for it.
  'chat.getPermalink': [],
  // A DM with one person (never a group DM: mpim:write is not needed).
  'conversations.open': ['im:write'],
  // Where the outbox looks for a message it may have sent: public, private channels and DMs.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history'],
  // /desk channel link: membership and Slack Connect of a public or private channel.
  'conversations.info': ['channels:read', 'groups:read'],
  'users.info': ['users:read'],
  // Socket Mode: the bot token's app, compared with the app-level token's (src/slack/socket-app-check.ts).
  'bots.info': ['users:read'],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'views.publish': [],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'auth.test': [],
  // Which workspaces an org-wide install is granted (a refusal in one of them); no scope.
  'auth.teams.list': [],
  'api.test': [],
  // Token rotation: a bot token refreshed with the app's credentials (no token, no scope).
  'oauth.v2.access': [],
  // Called with the app-level token (its own scope, connections:write), not the bot's.
  'apps.connections.open': [],
};

/** The manifest's event for each event type the code listens to, and the scope it needs. */
const EVENT_SUBSCRIPTIONS: Record<string, { manifest: string[]; scopes: string[] }> = {
  app_home_opened: { manifest: ['app_home_opened'], scopes: [] },
  // The Messages tab (handlers/events/direct-message.ts) and linked customer channels, public
  // and private (handlers/events/customer-channel.ts).
  message: {
    manifest: ['message.im', 'message.channels', 'message.groups'],
    scopes: ['im:history', 'channels:history', 'groups:history'],
  },
  // The intake emoji in a customer channel.
  reaction_added: { manifest: ['reaction_added'], scopes: ['reactions:read'] },
  // A desk channel shared with another organisation (handlers/events/channel-shared.ts).
  channel_shared: { manifest: ['channel_shared'], scopes: ['channels:read', 'groups:read'] },
  // A customer's organisation left their Slack Connect channel (handlers/events/channel-unshared.ts).
  channel_unshared: { manifest: ['channel_unshared'], scopes: ['channels:read', 'groups:read'] },
  // A channel deleted leaves the cleared list (handlers/events/channel-deleted.ts).
  channel_deleted: { manifest: ['channel_deleted'], scopes: ['channels:read'] },
  group_deleted: { manifest: ['group_deleted'], scopes: ['groups:read'] },
  // An install stops being served (handlers/events/uninstall.ts); no scope needed.
  app_uninstalled: { manifest: ['app_uninstalled'], scopes: [] },
  tokens_revoked: { manifest: ['tokens_revoked'], scopes: [] },
  team_access_granted: { manifest: ['team_access_granted'], scopes: [] },
  team_access_revoked: { manifest: ['team_access_revoked'], scopes: [] },
};

/** Methods called by Bolt itself, or through a helper of the Web API client. */
const IMPLICIT: Record<string, string[]> = {
  // Bolt checks the bot token at start.
  '': ['auth.test'],
  // The two-step upload of files.uploadV2.
  'filesUploadV2(': ['files.getUploadURLExternal', 'files.completeUploadExternal'],
  // The Socket Mode receiver asks for its connection.
  'SocketModeReceiver(': ['apps.connections.open'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every Web API method the code calls: `<client>.chat.postMessage(`, `apiCall('x')`, helpers. */
function calledMethods(): Set<string> {
  const client = new WebClient() as unknown as Record<string, unknown>;
  const namespaces = Object.keys(client).filter(
    (k) => !k.startsWith('_') && typeof client[k] === 'object' && client[k] !== null,
  );
  const call = new RegExp(`\\.(${namespaces.join('|')})\\.(\\w+)(?:\\.(\\w+))?\\(`, 'g');
  const methods = new Set<string>();
  for (const file of ['src', 'handlers', 'jobs'].flatMap(sourceFiles)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) {
      // Only what the client has as a method: `settings.agents.includes(` is not `agents.*`.
      const path = m.slice(1).filter(Boolean) as string[];
      let member: unknown = client;
      for (const key of path) member = (member as Record<string, unknown> | undefined)?.[key];
      if (typeof member === 'function') methods.add(path.join('.'));
    }
    for (const m of text.matchAll(/apiCall\(\s*'([\w.]+)'/g)) methods.add(m[1]!);
    for (const [marker, implied] of Object.entries(IMPLICIT))
      if (text.includes(marker)) implied.forEach((method) => methods.add(method));
  }
  return methods;
}

/** The event types the code listens to (`app.event(EVENTS.x, ...)` in handlers/events). */
function listenedEvents(): string[] {
  const text = readFileSync('handlers/events/index.ts', 'utf8');
  return [...text.matchAll(/app\.event\(EVENTS\.(\w+)/g)].map(
    (m) => EVENTS[m[1] as keyof typeof EVENTS],
  );
}

/** The list under a path of keys in manifest.yml (block style, `- item`, comments ignored). */
function manifestList(path: string[]): string[] {
  const lines = readFileSync('manifest.yml', 'utf8')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^\s*#.*$/, ''))
    .filter((l) => l.trim());
  let at = -1;
  let indent = -1;
  for (const key of path) {
    at = lines.findIndex((l, i) => i > at && l.trim() === `${key}:` && l.search(/\S/) > indent);
    if (at < 0) throw new Error(`manifest.yml has no ${path.join('.')}`);
    indent = lines[at]!.search(/\S/);
  }
  const items: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.search(/\S/) <= indent) break;
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (item) items.push(item[1]!);
  }
  return items;
}

function hasKey(key: string): boolean {
  return new RegExp(`^\\s*${key}:`, 'm').test(readFileSync('manifest.yml', 'utf8'));
}

describe('manifest.yml asks for what the code uses', () => {
  const methods = calledMethods();

  test('the scan finds the calls the desk makes (the outbox, modals, the chart)', () => {
    for (const method of [
      'chat.postMessage',
      'chat.update',
      'chat.postEphemeral',
      'conversations.open',
      'conversations.history',
      'conversations.replies',
      'views.open',
      'views.publish',
      'files.completeUploadExternal',
      'auth.test',
    ])
      expect(methods, method).toContain(method);
  });

  test('every Web API method the code calls has its scopes in the table', () => {
    expect([...methods].filter((m) => !(m in METHOD_SCOPES))).toEqual([]);
  });

  test('the bot scopes are exactly those the calls, the events and the commands need', () => {
    const needed = new Set<string>();
    for (const method of methods) METHOD_SCOPES[method]?.forEach((s) => needed.add(s));
    for (const type of listenedEvents())
      EVENT_SUBSCRIPTIONS[type]?.scopes.forEach((s) => needed.add(s));
    if (hasKey('slash_commands') || hasKey('shortcuts')) needed.add('commands');
    expect(manifestList(['oauth_config', 'scopes', 'bot']).sort()).toEqual([...needed].sort());
  });

  test('the events the manifest subscribes to are those the code listens to', () => {
    const events = listenedEvents();
    expect(events.filter((e) => !(e in EVENT_SUBSCRIPTIONS))).toEqual([]);
    expect(manifestList(['settings', 'event_subscriptions', 'bot_events']).sort()).toEqual(
      events.flatMap((e) => EVENT_SUBSCRIPTIONS[e]!.manifest).sort(),
    );
  });

  test("an OAuth install asks for exactly the manifest's bot scopes", () => {
    expect([...BOT_SCOPES].sort()).toEqual(manifestList(['oauth_config', 'scopes', 'bot']).sort());
  });

  test('the Messages tab, where the DMs arrive, is on: what people type there is answered', () => {
    const manifest = readFileSync('manifest.yml', 'utf8');
    expect(manifest).toMatch(/^\s*messages_tab_enabled: true$/m);
    expect(listenedEvents()).toContain('message');
  });
});
