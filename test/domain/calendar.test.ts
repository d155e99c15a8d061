/** Calendar days in a time zone (23 or 25 hours across DST) and working hours in a person's zone. */
import { describe, expect, it } from 'vitest';
import { addCalendarDays, nextWorkingMoment } from '../../src/domain/calendar.ts';

describe('calendar', () => {
  it('adds calendar days at the same wall-clock time, across a DST change', () => {
    // Berlin leaves winter time on 29 March 2026: 10:00 stays 10:00, UTC moves by an hour.
    expect(addCalendarDays(new Date('2026-03-28T09:00:00Z'), 2, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-30T08:00:00.000Z',
    );
    expect(addCalendarDays(new Date('2026-11-24T10:00:00Z'), 5, 'UTC').toISOString()).toBe(
      '2026-11-29T10:00:00.000Z',
    );
  });

  it('keeps a moment inside 09:00–18:00 and moves one outside to the next 09:00 there', () => {
    expect(nextWorkingMoment(new Date('2026-11-24T10:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
    // 19:00 in Berlin: the next morning at 09:00 Berlin (08:00 UTC).
    expect(nextWorkingMoment(new Date('2026-11-24T18:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-11-25T08:00:00.000Z',
    );
    // 06:00 in New York: 09:00 the same day.
    expect(nextWorkingMoment(new Date('2026-11-24T11:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-11-24T14:00:00.000Z',
    );
  });
});
