/**
 * Uploading a file to a conversation with Slack's current flow (scope `files:write`; `files.upload`
 * is retired): ask `files.getUploadURLExternal` for a URL, POST the bytes there, then
 * `files.completeUploadExternal` shares the file in the channel (and thread). Reused by every export
 * and document the app hands over (registers, review minutes).
 */
import type { webApi } from '@slack/bolt';

export interface FileUpload {
  /** Where the file is shared: a DM (`D…`) or a channel id. */
  readonly channel: string;
  readonly threadTs?: string | undefined;
  readonly filename: string;
  readonly title: string;
  readonly content: Uint8Array;
  /** A message posted with the file. */
  readonly comment?: string | undefined;
}

const UPLOAD_TIMEOUT_MS = 30_000;

/** Upload and share one file; throws a Web API style error (`data.error`) when Slack refuses. */
export async function uploadFile(client: webApi.WebClient, file: FileUpload): Promise<{ fileId: string }> {
  const target = await client.files.getUploadURLExternal({
    filename: file.filename,
    length: file.content.byteLength,
  });
  if (!target.upload_url || !target.file_id)
    throw Object.assign(new Error('no upload URL'), { data: { error: 'upload_url_missing' } });
  const posted = await fetch(target.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file.content,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  });
  // The upload URL is Slack's own file store; anything but 200 means the bytes did not arrive.
  if (posted.status !== 200)
    throw Object.assign(new Error(`upload answered ${posted.status}`), { data: { error: 'upload_failed' } });
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: file.title }],
    channel_id: file.channel,
    ...(file.threadTs ? { thread_ts: file.threadTs } : {}),
    ...(file.comment ? { initial_comment: file.comment } : {}),
  });
  return { fileId: target.file_id };
}
