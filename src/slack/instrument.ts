import { WebClient, WebClientEvent } from '@slack/web-api';
import type { Metrics } from '../metrics.js';

type CallMetrics = Pick<Metrics, 'slackCall' | 'rateLimited'>;

/** The metrics each instrumented client reports to. */
const observed = new WeakMap<WebClient, CallMetrics>();

/** The error code a failed Web API call is counted under. */
function outcomeOf(err: unknown): string {
  const e = err as { code?: string; data?: { error?: string } };
  if (e.code === 'slack_webapi_rate_limited_error') return 'rate_limited';
  if (e.data?.error) return e.data.error;
  if (e.code === 'slack_webapi_request_error') return 'request_error';
  if (e.code === 'slack_webapi_http_error') return 'http_error';
  return 'error';
}

// A WebClient binds each method (`chat.postMessage`...) to `apiCall` when it is constructed, so
// a call is observed by wrapping `apiCall` on the prototype, before any client exists (this
// module is loaded by the composition root). Clients nobody instrumented go straight through.
const apiCall = WebClient.prototype.apiCall;
WebClient.prototype.apiCall = async function observedApiCall(
  this: WebClient,
  method: string,
  options?: Record<string, unknown>,
) {
  const metrics = observed.get(this);
  if (!metrics) return apiCall.call(this, method, options);
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  try {
    const result = await apiCall.call(this, method, options);
    metrics.slackCall(method, 'ok', seconds());
    return result;
  } catch (err) {
    metrics.slackCall(method, outcomeOf(err), seconds());
    throw err;
  }
};

/**
 * Counts a Web API client's calls (method, outcome, duration) and the waits Slack asks for
 * (HTTP 429 with Retry-After) in the app's metrics. Each client once: Bolt keeps one client
 * per workspace, so its global middleware calls this for every request's client.
 */
export function instrumentClient(client: WebClient, metrics: CallMetrics): WebClient {
  if (observed.has(client)) return client;
  observed.set(client, metrics);
  client.on(WebClientEvent.RATE_LIMITED, (retryAfter: number, request: { url?: string }) => {
    // The request's URL may be the method or the full address ending with it.
    metrics.rateLimited(request.url?.split('/').at(-1) ?? 'other', retryAfter);
  });
  return client;
}
