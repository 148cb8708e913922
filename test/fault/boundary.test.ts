// Defects 2, 3 and 9 of issue 15, each reproduced through the real HTTP endpoint with requests
// signed like Slack's: hostile envelopes must be refused with a 400 (and a reference id on the
// log line) before any listener runs, an id must be a string of Slack's shape before it reaches a
// query, a body far larger than any Slack payload is refused, and a confirmation goes only to
// Slack's response URLs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { ctxOf, makeCustomer, OWNER } from '../helpers/factories.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';

const app = useTestApp();
const OTHER_TEAM = 'T0OTHER0001';
const FORM = 'application/x-www-form-urlencoded';

function form(fields: Record<string, string>) {
  return app.slack.post(new URLSearchParams(fields).toString(), FORM);
}
const interactive = (payload: unknown) => form({ payload: JSON.stringify(payload) });

async function healthy(): Promise<number> {
  return (await fetch(`${app.baseUrl}/healthz`)).status;
}

function refusals() {
  return app.logs.filter((l) => l.msg === 'request refused before any listener: bad envelope');
}

/** A customer picker options load, as Slack sends it, with `change` applied. */
function pickerLoad(change: Record<string, unknown>) {
  return {
    type: 'block_suggestion',
    user: { id: OWNER, username: 'owner', team_id: FAKE_TEAM_ID },
    container: { type: 'view', view_id: 'V0PICKER01' },
    api_app_id: 'A0APP00001',
    action_id: 'customer_picker',
    block_id: 'customer',
    value: 'hangzhou',
    team: { id: FAKE_TEAM_ID, domain: 'fake-team' },
    enterprise: null,
    is_enterprise_install: false,
    view: { id: 'V0PICKER01', type: 'modal', callback_id: 'ticket_create', state: { values: {} } },
    ...change,
  };
}

describe('defect 2: a signed request must not kill the process', () => {
  test('payload=null is refused with 400 and the app keeps serving', async () => {
    const res = await form({ payload: 'null' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, error: 'invalid_payload' });
    expect(await healthy()).toBe(200);
  });

  test('a JSON body null is refused with 400 and the app keeps serving', async () => {
    const res = await app.slack.post('null', 'application/json');
    expect(res.status).toBe(400);
    expect(await healthy()).toBe(200);
  });

  test('payloads that are not objects (a number, a string, an array) are refused with 400', async () => {
    for (const raw of ['7', '"x"', '[]', '[null]', 'true']) {
      expect((await form({ payload: raw })).status, raw).toBe(400);
      expect((await app.slack.post(raw, 'application/json')).status, raw).toBe(400);
    }
    expect(await healthy()).toBe(200);
  });

  test('a block_suggestion without user gets 400 with a reference id on the log line, not 500', async () => {
    const { user: _user, ...withoutUser } = pickerLoad({});
    const res = await interactive(withoutUser);
    expect(res.status).toBe(400);
    expect(res.body.ref).toMatch(/^E-[0-9A-F]{8}$/);
    const [line] = refusals();
    expect(line).toMatchObject({ level: 40, ref: res.body.ref, kind: 'block_suggestion' });
    expect(line!.problems).toContainEqual(expect.objectContaining({ path: 'user' }));
  });

  test('a view_submission without view gets 400 with a reference id, not 500', async () => {
    const res = await interactive({
      type: 'view_submission',
      team: { id: FAKE_TEAM_ID },
      user: { id: OWNER, team_id: FAKE_TEAM_ID },
      api_app_id: 'A0APP00001',
      trigger_id: '1337.42',
    });
    expect(res.status).toBe(400);
    expect(res.body.ref).toMatch(/^E-[0-9A-F]{8}$/);
    expect(refusals().map((l) => l.ref)).toEqual([res.body.ref]);
    expect(app.fake.calls).toEqual([]);
  });
});

describe('defect 3: an operator or another workspace where an id belongs', () => {
  beforeAll(() => {});

  async function customersInTwoWorkspaces() {
    await makeCustomer(app, { name: 'Hangzhou Ours' });
    await app.desk.services.customers.create(await ctxOf(app, OWNER, { teamId: OTHER_TEAM }), {
      name: 'Hangzhou Theirs',
      industry: 'Optics',
      source: 'referral',
      firstContactDate: '2026-01-05',
      ownerId: OWNER,
    });
  }

  test('team.id sent as {"$gt": ""} is refused and lists no customer of any workspace', async () => {
    await customersInTwoWorkspaces();
    const res = await interactive(pickerLoad({ team: { id: { $gt: '' }, domain: 'x' } }));
    expect(JSON.stringify(res.body)).not.toContain('Theirs');
    expect(res.status).toBe(400);
  });

  test('user.id, channel id and action value as operators are refused before any listener', async () => {
    await customersInTwoWorkspaces();
    const picker = await interactive(pickerLoad({ user: { id: { $ne: null } } }));
    const value = await interactive({
      type: 'block_actions',
      team: { id: FAKE_TEAM_ID },
      user: { id: OWNER },
      trigger_id: '1337.1',
      container: { type: 'message', channel_id: 'C0CHAN0001' },
      channel: { id: { $gt: '' } },
      response_url: app.fake.responseUrl(),
      actions: [{ type: 'button', action_id: 'customer_card_open', value: { $gt: '' } }],
    });
    expect([picker.status, value.status]).toEqual([400, 400]);
    expect(app.fake.calls).toEqual([]);
  });

  test('a workspace id passed off as the enterprise id (team null) does not reach its customers', async () => {
    await customersInTwoWorkspaces();
    const res = await interactive(
      pickerLoad({ team: null, enterprise: { id: OTHER_TEAM, name: 'x' } }),
    );
    expect(JSON.stringify(res.body)).not.toContain('Theirs');
    expect(res.status).toBe(400);
  });

  test('the picker still answers a well-formed request from each workspace with its own customers', async () => {
    await customersInTwoWorkspaces();
    const ours = await interactive(pickerLoad({}));
    const theirs = await interactive(
      pickerLoad({
        team: { id: OTHER_TEAM },
        user: { id: OWNER, username: 'owner', team_id: OTHER_TEAM },
      }),
    );
    expect(ours.body.options.map((o: any) => o.text.text)).toEqual(['C2026001 Hangzhou Ours']);
    expect(theirs.body.options.map((o: any) => o.text.text)).toEqual(['C2026001 Hangzhou Theirs']);
  });
});

describe('defect 9: body size and response URLs', () => {
  let evil: Server;
  let evilUrl = '';
  const stolen: string[] = [];

  beforeAll(async () => {
    evil = createServer((req, res) => {
      stolen.push(req.url ?? '');
      req.resume();
      res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/steal`;
  });
  afterAll(async () => {
    evil.closeAllConnections();
    await new Promise<void>((resolve) => evil.close(() => resolve()));
  });

  test('a correctly signed 1 MB body is refused with 413 and nothing is processed', async () => {
    const res = await form({
      command: '/customer',
      text: `find ${'x'.repeat(1024 * 1024)}`,
      team_id: FAKE_TEAM_ID,
      user_id: OWNER,
      channel_id: 'C0CHAN0001',
      trigger_id: '1337.2',
      response_url: app.fake.responseUrl(),
    });
    expect(res.status).toBe(413);
    expect(app.fake.calls).toEqual([]);
    expect(await healthy()).toBe(200);
  });

  test('a slash command whose response_url is not Slack’s is refused with 400', async () => {
    const res = await form({
      command: '/customer',
      text: 'help',
      team_id: FAKE_TEAM_ID,
      user_id: OWNER,
      channel_id: 'C0CHAN0001',
      trigger_id: '1337.3',
      response_url: evilUrl,
    });
    expect(res.status).toBe(400);
    expect(stolen).toEqual([]);
  });

  test('a tampered private_metadata.responseUrl is not posted to: the confirmation goes by DM', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
    const meta = JSON.parse(view.private_metadata as string) as Record<string, unknown>;
    expect(meta.responseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
    const tampered = {
      ...view,
      private_metadata: JSON.stringify({ ...meta, responseUrl: evilUrl }),
    };
    const res = await app.slack.submitView(
      tampered,
      {
        name: 'Tampered Metadata Ltd',
        industry: 'Optics',
        source: 'referral',
        first_contact: '2026-11-20',
      },
      { userId: OWNER },
    );
    expect(res).toEqual({ status: 200, body: '' });
    expect(stolen).toEqual([]);
    expect(app.fake.callsTo('response_url')).toEqual([]);
    const dm = app.fake.postsTo(OWNER);
    expect(dm).toHaveLength(1);
    expect(JSON.stringify(dm[0]!.args)).toContain('Tampered Metadata Ltd');
    expect(app.logs).toContainEqual(
      expect.objectContaining({ msg: 'response URL in the modal is not Slack’s: not used' }),
    );
  });

  test('the response URL the app put in the modal itself is still used', async () => {
    await app.slack.command('/customer', 'new', { userId: OWNER });
    const view = app.fake.callsTo('views.open')[0]!.args.view as Record<string, unknown>;
    const res = await app.slack.submitView(
      view,
      { name: 'Genuine Ltd', industry: 'Optics', source: 'referral', first_contact: '2026-11-20' },
      { userId: OWNER },
    );
    expect(res).toEqual({ status: 200, body: '' });
    expect(app.fake.callsTo('response_url')).toHaveLength(1);
    expect(app.fake.postsTo(OWNER)).toEqual([]);
  });
});
