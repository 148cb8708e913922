import type { WebClient } from '@slack/web-api';

/** A file to share: its name, its title in Slack, its bytes. */
export interface SharedFile {
  filename: string;
  title: string;
  content: string | Buffer;
}

/** Why an upload failed, in Slack's words where it gave some (`ratelimited`, `not_in_channel`). */
export class UploadFailed extends Error {
  constructor(readonly reason: string) {
    super(`file upload failed: ${reason}`);
    this.name = 'UploadFailed';
  }
}

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
 * Shares files in one conversation (a DM with the app: only that person sees them) with a
 * comment, by Slack's upload flow: `files.getUploadURLExternal` for each file (its name and
 * length), its bytes POSTed to the URL Slack returns, then one `files.completeUploadExternal`
 * that shares them all in `channelId`. (`files.upload` is retired.) Returns the file ids; any
 * failure throws an UploadFailed saying why, and nothing is shared.
 */
export async function shareFiles(
  client: WebClient,
  channelId: string,
  files: SharedFile[],
  comment: string,
): Promise<string[]> {
  try {
    const uploaded: { id: string; title: string }[] = [];
    for (const file of files) {
      const bytes = Buffer.isBuffer(file.content)
        ? file.content
        : Buffer.from(file.content, 'utf8');
      const slot = await client.files.getUploadURLExternal({
        filename: file.filename,
        length: bytes.length,
      });
      if (!slot.upload_url || !slot.file_id) throw new UploadFailed('no_upload_url');
      const res = await fetch(slot.upload_url, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok)
        throw new UploadFailed(res.status === 429 ? 'ratelimited' : `http_${res.status}`);
      uploaded.push({ id: slot.file_id, title: file.title });
    }
    await client.files.completeUploadExternal({
      files: uploaded as [{ id: string; title: string }],
      channel_id: channelId,
      initial_comment: comment,
    });
    return uploaded.map((f) => f.id);
  } catch (err) {
    throw err instanceof UploadFailed ? err : new UploadFailed(failureReason(err));
  }
}
