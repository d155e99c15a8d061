/**
 * A modal's `private_metadata` (≤ 3000 chars): where the form was opened from, so the result can be
 * posted back there, plus whatever the feature needs to route the submission.
 */
export interface PrivateMetadata {
  readonly channel?: string;
  readonly threadTs?: string;
  readonly [key: string]: unknown;
}

export function parsePrivateMetadata(raw: string | undefined): PrivateMetadata {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as PrivateMetadata) : {};
  } catch {
    return {};
  }
}
