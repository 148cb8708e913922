import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** Node's channel for an answer's headers read by an http client of this process. */
const RESPONSE = 'http.client.response.finish';

/**
 * Resolves once an http client of this process (the app's, in process) has read the headers of
 * the answer to a request `matches` picks: Node publishes them on `http.client.response.finish`
 * just before the request's `response` event, in the same turn, so what awaits this runs after
 * the client's response handler saw the status. Not a count of event-loop turns: the test goes
 * on when the client has read them, however loaded the machine. `cancel` stops listening.
 */
export function headersRead(matches: (request: ClientRequest) => boolean): {
  read: Promise<void>;
  cancel(): void;
} {
  let resolve!: () => void;
  const read = new Promise<void>((r) => (resolve = r));
  const listener = (message: unknown) => {
    if (!matches((message as { request: ClientRequest }).request)) return;
    cancel();
    resolve();
  };
  const cancel = () => diagnostics.unsubscribe(RESPONSE, listener);
  diagnostics.subscribe(RESPONSE, listener);
  return { read, cancel };
}
