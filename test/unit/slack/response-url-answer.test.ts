// A response URL's answer is settled by its status at the headers: a refusal (404: a spent URL)
// whose body is slow to come is still a refusal when the POST's time limit ends (said another
// way: the person is told by DM), not "may have been shown"; an answer's body is read up to
// 64 KiB, no further. A 200 whose body is held stays unsure (its body may say `ok: false`).
import { createServer, type ServerResponse } from 'node:http';
import { afterAll, expect, test } from 'vitest';
import { postResponseUrl } from '../../../src/slack/response-url.js';
import { maySlackHaveTaken } from '../../../src/slack/call-limit.js';
import { headersRead } from '../../helpers/headers-read.js';

const held: ServerResponse[] = [];
let reply: (res: ServerResponse) => void = () => undefined;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => reply(res));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const URL_ = `http://127.0.0.1:${(server.address() as { port: number }).port}/response/r1`;
afterAll(async () => {
  held.forEach((r) => r.destroy());
  await new Promise((resolve) => server.close(resolve));
});

/**
 * Posts, and ends the time limit once the client has read the headers of what `answer` writes
 * (the answer's headers and first bytes), unless `limited` is false.
 */
async function post(answer: (res: ServerResponse) => void, limited = true) {
  const limit = new AbortController();
  reply = (res) => {
    held.push(res);
    answer(res);
  };
  const { pathname } = new URL(URL_);
  const headers = limited ? headersRead((request) => request.path === pathname) : undefined;
  const result = postResponseUrl(URL_, '{"text":"x"}', limit.signal).then(
    (r) => r,
    (err: unknown) => err,
  );
  if (!headers) return result;
  await headers.read;
  limit.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  return result;
}

test('404 headers, body held: a refusal when the time limit ends', async () => {
  const res = await post((r) => {
    r.writeHead(404, { 'content-type': 'text/plain', 'content-length': '1000' });
    r.write('no_');
  });
  expect(res).toBeInstanceOf(Response);
  expect((res as Response).status).toBe(404);
});

test('200 headers, body held: unsure (the time limit’s reason)', async () => {
  const err = await post((r) => {
    r.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    r.write('{"ok":');
  });
  expect(err).toMatchObject({ name: 'TimeoutError' });
  expect(maySlackHaveTaken(err)).toBe(true);
});

test('an answer past 64 KiB whose end is held: settled at the cap, without a time limit', async () => {
  const res = (await post((r) => {
    r.writeHead(200, { 'content-type': 'text/plain' });
    r.write('x'.repeat(70 * 1024));
  }, false)) as Response;
  expect(res.status).toBe(200);
  expect((await res.text()).length).toBe(64 * 1024);
});
