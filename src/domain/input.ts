/**
 * Shared input rules for domain verbs: each verb parses its input with zod, and a bad input is a
 * VALIDATION error with one sentence per field (`details`, keyed by field, for modals) and all of
 * them in the message (for the terminal and imports).
 */
import { z } from 'zod';
import { findControl } from './catalog.ts';
import { DomainError } from './errors.ts';
import { USER_ID } from './person.ts';

export const userId = z.string().trim().regex(USER_ID, 'must be a Slack user id such as U012ABCDEF');

export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'is not a real date');

export const controlId = z
  .string()
  .trim()
  .transform((s) => (/^\d/.test(s) ? `A.${s}` : s))
  .refine((s) => findControl(s) !== undefined, {
    error: (iss) => `"${String(iss.input)}" is not an Annex A control (A.5.1 … A.8.34)`,
  });

/** A 1…max rating given as a number or as digits (forms and spreadsheets send text). */
export const rating = (max: number) => {
  const range = `must be a whole number from 1 to ${max}`;
  return z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? undefined : Number(v)),
    z
      .number({ error: (iss) => (iss.input === undefined ? 'is required' : range) })
      .int(range)
      .min(1, range)
      .max(max, range),
  );
};

/** `labels` names fields for people (`ownerId` → `Owner`); unnamed fields keep their key. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
  labels: Readonly<Record<string, string>> = {},
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || 'input';
    details[key] ??= sentence(labels[String(issue.path[0])] ?? key, issue.message);
  }
  throw new DomainError('VALIDATION', `${what}: ${Object.values(details).join(' ')}`, details);
}

function sentence(key: string, message: string): string {
  const m = message.replace(/^Invalid input: /, '');
  return `${key} ${m}${/[.!?]$/.test(m) ? '' : '.'}`;
}

/** Today's date (UTC) as YYYY-MM-DD. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);
