import type { WebClient } from '@slack/web-api';
import { maySlackHaveTaken } from './call-limit.js';

/** A file to share: its name, its title in Slack, its bytes (and, for an image, its alt text). */
export interface SharedFile {
  filename: string;
  title: string;
  content: string | Buffer;
  altText?: string;
}

/** Where files are shared: a conversation, a thread in it, with a comment. */
export interface ShareTo {
  channel: string;
  threadTs?: string;
  comment?: string;
}

/**
 * Asked before each of the upload's calls (the outbox renews its delivery's lease there, so that
 * the call ends before another instance may take the delivery over). What it throws ends the
 * upload as it is, not as an UploadFailed.
 */
export type BeforeShareCall = (method: (typeof SHARE_METHODS)[number]) => Promise<void>;

/**
 * Why an upload failed, in Slack's words where it gave some (`ratelimited`, `not_in_channel`,
 * `http_500`); for a rate limit, how long Slack asked to wait when it said.
 */
export class UploadFailed extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterMs?: number,
    /** The call that failed: a Web API method, or `file_upload` (the bytes to the upload URL). */
    readonly method?: string,
    /** The client's own error, when a call threw one (`maySlackHaveTaken` reads it). */
    cause?: unknown,
  ) {
    super(`file upload failed: ${reason}`, cause === undefined ? undefined : { cause });
    this.name = 'UploadFailed';
  }
}

/** A failure as an UploadFailed: Slack's reason, and its wait for a rate limit. */
function uploadFailure(err: unknown, method: string): UploadFailed {
  if (err instanceof UploadFailed) return err;
  const reason = failureReason(err);
  const after = (err as { retryAfter?: unknown }).retryAfter;
  return new UploadFailed(
    reason,
    reason === 'ratelimited' && typeof after === 'number' ? after * 1000 : undefined,
    method,
    err,
  );
}

/** The calls `shareFiles` makes, in order (what an UploadFailed's `method` names). */
export const SHARE_METHODS = [
  'files.getUploadURLExternal',
  'file_upload',
  'files.completeUploadExternal',
] as const;

/** Slack's reason for a failed call or upload, in its own words where it gave some. */
export function failureReason(err: unknown): string {
  if (err instanceof UploadFailed) return err.reason;
  const e = err as { code?: string; data?: { error?: string }; message?: string };
  if (e.code === 'slack_webapi_rate_limited_error' || /rate limit/i.test(e.message ?? ''))
    return 'ratelimited';
  if (e.data?.error) return e.data.error;
  if (e.code === 'slack_webapi_http_error') return 'http_error';
  return 'request_error';
}

/**
 * Whether `shareFiles` failed at its last call, `files.completeUploadExternal`, with no answer
 * from Slack (`maySlackHaveTaken`: its time limit, a request error, an HTTP 5xx, an error of any
 * other shape): Slack may have shared the files. Not a refusal (Slack's error, a 429), nor a
 * request that never left this host (`neverSent`: the connection refused, the host not found),
 * nor a failure of an earlier call (nothing shared then).
 */
export function shareUnanswered(err: unknown): boolean {
  return (
    err instanceof UploadFailed &&
    err.method === 'files.completeUploadExternal' &&
    maySlackHaveTaken(err.cause)
  );
}

/**
 * The desk's one way to put files in Slack (the data-subject export in an admin's DM, the
 * digest's chart in its thread): Slack's upload flow, `files.getUploadURLExternal` for each
 * file (its name, length and alt text), its bytes POSTed to the URL Slack returns, then one
 * `files.completeUploadExternal` that shares them all in `to.channel` (in `to.threadTs`'s
 * thread, with `to.comment`). (`files.upload` is retired.) Done by hand rather than by the
 * SDK's `filesUploadV2` so that a refused upload says why (`http_500`, `ratelimited`), where
 * the SDK says only "Failed to upload file". Web API calls retry as the client is set up to
 * (the outbox's clients do not: a 429 comes back at once). Returns the file ids; any failure
 * throws an UploadFailed saying why (with Slack's wait for a rate limit), and nothing is shared.
 * `before` is asked before each call (BeforeShareCall).
 */
export async function shareFiles(
  client: WebClient,
  to: ShareTo,
  files: SharedFile[],
  before?: BeforeShareCall,
): Promise<string[]> {
  let method: (typeof SHARE_METHODS)[number] = 'files.getUploadURLExternal';
  /** What `before` threw: passed on as it is. */
  let stopped: { err: unknown } | undefined;
  const ready = async (next: (typeof SHARE_METHODS)[number]) => {
    method = next;
    try {
      await before?.(next);
    } catch (err) {
      stopped = { err };
      throw err;
    }
  };
  try {
    const uploaded: { id: string; title: string }[] = [];
    for (const file of files) {
      const bytes = Buffer.isBuffer(file.content)
        ? file.content
        : Buffer.from(file.content, 'utf8');
      await ready('files.getUploadURLExternal');
      const slot = await client.files.getUploadURLExternal({
        filename: file.filename,
        length: bytes.length,
        ...(file.altText ? { alt_text: file.altText } : {}),
      });
      if (!slot.upload_url || !slot.file_id)
        throw new UploadFailed('no_upload_url', undefined, method);
      await ready('file_upload');
      const res = await fetch(slot.upload_url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status === 429) {
        const after = Number(res.headers.get('retry-after'));
        throw new UploadFailed('ratelimited', after > 0 ? after * 1000 : undefined, method);
      }
      if (!res.ok) throw new UploadFailed(`http_${res.status}`, undefined, method);
      uploaded.push({ id: slot.file_id, title: file.title });
    }
    await ready('files.completeUploadExternal');
    await client.files.completeUploadExternal({
      files: uploaded as [{ id: string; title: string }],
      channel_id: to.channel,
      ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      ...(to.comment ? { initial_comment: to.comment } : {}),
    });
    return uploaded.map((f) => f.id);
  } catch (err) {
    if (stopped) throw stopped.err;
    throw uploadFailure(err, method);
  }
}
