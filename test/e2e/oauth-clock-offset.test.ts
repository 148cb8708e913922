// Installs and uninstalls on a desk whose clock runs ahead of Slack's (a rehearsal's
// CARE_DESK_CLOCK_OFFSET_MS): Slack's `event_time` is the wall clock, so the install times it is
// compared with are taken on the wall clock too. Otherwise an uninstall sent after the install
// reads as older than it (sent "before" a time that is the desk's, a month ahead) and is ignored.
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import {
  ACME_INSTALL as ACME,
  installFromPage,
  oauthEnv,
  orgCommand as sendOrgCommand,
  ORG_INSTALL as ORG,
} from '../helpers/oauth.js';

const OFFSET_MS = 30 * 86_400_000;
const app = useTestApp({
  env: { ...oauthEnv(), CARE_DESK_CLOCK_OFFSET_MS: String(OFFSET_MS) },
});

const ORG_TEAM = 'T0INITECH1';
const OTHER_TEAM = 'T0INITECH2';

/** Now on Slack's clock (Unix seconds): the desk's clock (the test's) less the offset. */
function slackNow(): number {
  return Math.floor((app.clock.now().getTime() - OFFSET_MS) / 1000);
}

const stored = (key: string) => app.db.models.installations.findOne({ key }).lean();

let events = 0;
const nextId = () => `Ev0OFFSET${String(++events).padStart(4, '0')}`;

function uninstalled(teamId: string, eventTime = slackNow(), eventId = nextId()) {
  return app.slack.eventDelivery(
    { type: 'app_uninstalled', event_ts: `${eventTime}.000400` },
    { eventId, installedTeamId: teamId, eventTime },
  );
}

function teamAccessRevoked(teamIds: string[], eventTime = slackNow()) {
  return app.slack.eventDelivery(
    { type: 'team_access_revoked', team_ids: teamIds, event_ts: `${eventTime}.000600` },
    {
      eventId: nextId(),
      installedTeamId: ORG_TEAM,
      eventTime,
      org: { enterpriseId: ORG.enterpriseId!, botUserId: ORG.botUserId },
    },
  );
}

/** A command from a workspace of the org-wide install: the org install serves it (lists it). */
const orgCommand = (teamId: string) =>
  sendOrgCommand(app, ORG, '/ticket', 'help', { teamId, userId: 'U0ORGUSER1' });

describe('a desk clock ahead of Slack’s (CARE_DESK_CLOCK_OFFSET_MS)', () => {
  test('an uninstall Slack sends after the install stops it; one sent before it (a late retry) does not', async () => {
    const before = slackNow();
    app.clock.advance(60_000);
    await installFromPage(app, 'code-acme', ACME);

    // A retry of an uninstall Slack sent before the install: late, the install goes on.
    app.clock.advance(60_000);
    expect((await uninstalled(ACME.teamId!, before, 'Ev0OFFSETLATE')).status).toBe(200);
    expect((await stored(ACME.teamId!))!.state).toBe('active');

    // The admin removes the app a minute later: it stops.
    app.clock.advance(60_000);
    expect((await uninstalled(ACME.teamId!)).status).toBe(200);
    expect((await stored(ACME.teamId!))!).toMatchObject({
      state: 'uninstalled',
      stoppedBy: 'app_uninstalled',
    });
    // Only the late one was told as older than the install.
    const late = app.logs.filter((l) =>
      String(l.msg).includes('sent before the app was installed'),
    );
    expect(late).toHaveLength(1);
  });

  test('a workspace removed from an org-wide install after it was added is no longer served', async () => {
    await installFromPage(app, 'code-org', ORG);
    app.clock.advance(60_000);
    expect((await orgCommand(OTHER_TEAM)).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.teams).toContain(OTHER_TEAM);

    app.clock.advance(60_000);
    expect((await teamAccessRevoked([OTHER_TEAM])).status).toBe(200);
    expect((await stored(ORG.enterpriseId!))!.teams).not.toContain(OTHER_TEAM);
    expect((await stored(ORG.enterpriseId!))!.state).toBe('active');
  });
});
