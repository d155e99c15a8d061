/**
 * When a schedule is next due: croner over a 5-field (Vixie) cron expression in an IANA time zone.
 * Its DST rules are the ones we want: a time in the hour skipped in spring fires once, just after the
 * change; a time in the hour repeated in autumn fires once, the first time.
 */
import { Cron } from 'croner';
import { DomainError } from '../domain/errors.ts';

export const CRON_EXAMPLE = '`0 9 * * 1` (Mondays at 09:00)';
export const ZONE_EXAMPLE = '`Europe/Berlin`';

function job(cron: string, timeZone: string): Cron {
  return new Cron(cron, { timezone: timeZone, paused: true, mode: '5-part' });
}

export function isTimeZone(tz: string): boolean {
  // Intl accepts offsets like "+01:00"; a schedule needs a zone with rules (DST), so ask for a name.
  if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Refuse anything croner cannot read, with a good example; nothing is stored before this passes. */
export function checkSchedule(cron: string, timeZone: string): void {
  if (!isTimeZone(timeZone))
    throw new DomainError(
      'VALIDATION',
      `\`${timeZone.slice(0, 60)}\` is not a time zone I know. Give an IANA name such as ${ZONE_EXAMPLE} or \`America/New_York\`. Nothing was saved.`,
    );
  let next: Date | null;
  try {
    next = job(cron, timeZone).nextRun();
  } catch {
    next = null;
  }
  if (!next)
    throw new DomainError(
      'VALIDATION',
      `\`${cron.slice(0, 60)}\` is not a cron expression I can read (5 fields: minute hour day month weekday), e.g. ${CRON_EXAMPLE}. Nothing was saved.`,
    );
}

/** The first due moment strictly after `after`. */
export function nextDue(cron: string, timeZone: string, after: Date): Date | null {
  return job(cron, timeZone).nextRun(after);
}

/** The last `n` due moments at or before `at`, newest first. */
export function previousDues(cron: string, timeZone: string, at: Date, n: number): Date[] {
  // croner counts a run only when it is earlier than the reference: one second on, `at` itself counts.
  return job(cron, timeZone).previousRuns(n, new Date(at.getTime() + 1000));
}
