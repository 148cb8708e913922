import { expect } from 'vitest';
import type { TestApp } from './app.js';
import type { FakeInstall } from './fake-slack.js';

/**
 * A person installing the app from the desk's install page, as a browser would: the page's
 * state cookie and link, then Slack's redirect back with `code`, which the fake Slack answers
 * with `grant`. The redirect must succeed.
 */
export async function installFromPage(
  app: Pick<TestApp, 'fake' | 'baseUrl'>,
  code: string,
  grant: FakeInstall,
): Promise<void> {
  app.fake.oauthCodes.set(code, grant);
  const page = await fetch(`${app.baseUrl}/slack/install`);
  const state = /[?&;]state=([^&"']+)/.exec(await page.text())?.[1];
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const back = await fetch(`${app.baseUrl}/slack/oauth_redirect?code=${code}&state=${state}`, {
    headers: { cookie },
  });
  expect(back.status).toBe(200);
}
