/**
 * Calendar arithmetic in a time zone, with the platform's Intl data: "in 2 days" is the same wall-clock
 * time two calendar days later (23 or 25 hours across a DST change), and working hours are
 * 09:00–18:00 in the person's own zone.
 */
const WORK_START = 9;
const WORK_END = 18;

function parts(at: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    min: Number(p.minute),
    s: Number(p.second),
  };
}

/** Minutes the zone is ahead of UTC at that instant. */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

/** The instant of a wall-clock time in a zone (the later one when a DST change makes it ambiguous). */
function fromWall(y: number, m: number, d: number, h: number, min: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, h, min);
  const first = new Date(guess - offsetMinutes(new Date(guess), timeZone) * 60000);
  return new Date(guess - offsetMinutes(first, timeZone) * 60000);
}

export function addCalendarDays(at: Date, days: number, timeZone: string): Date {
  const p = parts(at, timeZone);
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  const wall = fromWall(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), p.h, p.min, timeZone);
  return new Date(wall.getTime() + p.s * 1000 + (at.getTime() % 1000));
}

/** `at` itself when it falls inside 09:00–18:00 in `timeZone`, else the next 09:00 there. */
export function nextWorkingMoment(at: Date, timeZone: string): Date {
  const p = parts(at, timeZone);
  if (p.h >= WORK_START && p.h < WORK_END) return at;
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d + (p.h >= WORK_END ? 1 : 0)));
  return fromWall(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), WORK_START, 0, timeZone);
}

/** The next local midnight after `at` in `timeZone` (the end of that calendar day there). */
export function endOfDay(at: Date, timeZone: string): Date {
  const p = parts(at, timeZone);
  const day = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
  return fromWall(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 0, 0, timeZone);
}
