import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver, HTTPReceiverOptions } from '@slack/bolt';
import { LOCALES, t, type Locale, type MessageKey } from '../i18n/index.js';

type InstallerOptions = NonNullable<HTTPReceiverOptions['installerOptions']>;
type CallbackOptions = NonNullable<InstallerOptions['callbackOptions']>;
type InstallPathOptions = NonNullable<InstallerOptions['installPathOptions']>;

/** The browser cookie that carries the install's state to the redirect (Bolt checks it there). */
export const STATE_COOKIE = 'slack-app-oauth-state';
/** How long an install link (its state) is good for, in seconds (Bolt's default). */
export const STATE_SECONDS = 600;

/** What the success page needs of Bolt's installation (a workspace's, or an org-wide one). */
interface Installed {
  team?: { id: string } | undefined;
  appId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
  enterpriseUrl?: string | undefined;
}

/**
 * The language of a browser's `Accept-Language` the desk speaks (any `zh` reads Simplified
 * Chinese, any `en` English), by the browser's preference; else `fallback`.
 */
export function localeOfBrowser(header: string | undefined, fallback: Locale): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e) => e.tag && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'zh') return 'zh-CN';
    const found = LOCALES.find((l) => l.toLowerCase() === tag || l.toLowerCase() === primary);
    if (found) return found;
  }
  return fallback;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');
}

function page(locale: Locale, title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
${head}<title>${escapeHtml(title)}</title>
<style>body { padding: 10px 15px; font-family: verdana, sans-serif; text-align: center; }</style>
</head>
<body>
<h2>${escapeHtml(title)}</h2>
${body}
</body>
</html>`;
}

/** Why an install did not complete, from @slack/oauth's error code, for the installing person. */
function failure(code: string | undefined): { key: MessageKey; status: number } {
  switch (code) {
    // Slack sends the person back with `error=access_denied` when they press Cancel.
    case 'slack_oauth_installer_authorization_error':
      return { key: 'install.failed.cancelled', status: 200 };
    case 'slack_oauth_missing_state':
    case 'slack_oauth_invalid_state':
    case 'slack_oauth_missing_code':
      return { key: 'install.failed.state', status: 400 };
    default:
      return code?.startsWith('slack_webapi_')
        ? { key: 'install.failed.slack', status: 502 }
        : { key: 'install.failed.other', status: 500 };
  }
}

/**
 * The pages of the OAuth install (`/slack/install`, and the success or failure page of
 * `/slack/oauth_redirect`) in the installing person's language: their browser's, else the desk's
 * default (DEFAULT_LOCALE), from the message catalogue, in place of Bolt's English-only pages.
 * Bolt renders its install page from the link alone, so the page is answered here, before Bolt's
 * (`beforeRedirection`), with the state made and set in the cookie as Bolt does, for Bolt's
 * redirect handling to check.
 */
export function installPages(
  defaultLocale: Locale,
  installPath: string,
  installer: () => HTTPReceiver['installer'],
  /**
   * A workspace (not an org-wide install) is being installed, from a browser in `locale`: called
   * before the install is stored (Bolt's afterInstallation, the callback's request in hand). A
   * failure is the caller's to log; the install goes on.
   */
  installing?: (teamId: string, locale: Locale) => Promise<void>,
) {
  const localeOf = (req: IncomingMessage) =>
    localeOfBrowser(
      typeof req.headers['accept-language'] === 'string'
        ? req.headers['accept-language']
        : undefined,
      defaultLocale,
    );
  const html = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  };

  const installPathOptions: InstallPathOptions = {
    beforeRedirection: async (req, res, options) => {
      const provider = installer();
      // Without an installer or its options Bolt answers (it says what is missing).
      if (!provider?.stateStore || !options) return true;
      const state = await provider.stateStore.generateStateParam(options, new Date());
      const url = await provider.generateInstallUrl(options, true, state);
      res.setHeader(
        'Set-Cookie',
        `${STATE_COOKIE}=${state}; Secure; HttpOnly; Path=/; Max-Age=${STATE_SECONDS}`,
      );
      const locale = localeOf(req);
      html(
        res,
        200,
        page(
          locale,
          t(locale, 'install.page.title'),
          `<p>${escapeHtml(t(locale, 'install.page.body'))}</p>
<p><a href="${escapeHtml(url)}"><img alt="${escapeHtml(t(locale, 'install.page.button'))}" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png" srcset="https://platform.slack-edge.com/img/add_to_slack.png 1x, https://platform.slack-edge.com/img/add_to_slack@2x.png 2x" /></a></p>`,
        ),
      );
      return false;
    },
  };
  const callbackOptions: CallbackOptions = {
    afterInstallation: async (installation, _options, req) => {
      const i = installation as Installed;
      if (installing && !i.isEnterpriseInstall && i.team?.id)
        await installing(i.team.id, localeOf(req));
      return true;
    },
    success: (installation, _options, req, res) => {
      const locale = localeOf(req);
      const i = installation as Installed;
      const done = (body: string, head?: string) =>
        html(res, 200, page(locale, t(locale, 'install.done.title'), body, head));
      if (i.isEnterpriseInstall) {
        // Slack's org dashboard, where an org admin adds the app to the org's workspaces.
        const next = `${i.enterpriseUrl ?? 'https://app.slack.com/'}manage/organization/apps/profile/${i.appId ?? ''}/workspaces/add`;
        done(`<p>${escapeHtml(t(locale, 'install.done.orgBody'))}</p>
<p><a href="${escapeHtml(next)}">${escapeHtml(t(locale, 'install.done.orgOpen'))}</a></p>`);
        return;
      }
      const teamId = i.team?.id ?? '';
      const app = i.appId ? `slack://app?team=${teamId}&id=${i.appId}` : 'slack://open';
      const browser = `https://app.slack.com/client/${teamId}`;
      done(
        `<p>${escapeHtml(t(locale, 'install.done.body'))}</p>
<p><a href="${escapeHtml(app)}">${escapeHtml(t(locale, 'install.done.open'))}</a> · <a href="${escapeHtml(browser)}" target="_blank">${escapeHtml(t(locale, 'install.done.browser'))}</a></p>`,
        `<meta http-equiv="refresh" content="0; URL=${escapeHtml(app)}">\n`,
      );
    },
    failure: (error, _options, req, res) => {
      const locale = localeOf(req);
      const { key, status } = failure((error as { code?: string }).code);
      html(
        res,
        status,
        page(
          locale,
          t(locale, 'install.failed.title'),
          `<p>${escapeHtml(t(locale, key))}</p>
<p><a href="${escapeHtml(installPath)}">${escapeHtml(t(locale, 'install.failed.again'))}</a></p>`,
        ),
      );
    },
  };

  return { installPathOptions, callbackOptions };
}
