// ISO 8601 durations (`P14D`, `PT1H30M`, `P1.5D`): the parts, checked, for session lifetimes.

/**
 * The parts of an ISO 8601 duration. Only the smallest part given may have a fraction.
 *
 * @example
 * ```ts
 * const parts: DurationParts = { years: 0, months: 0, weeks: 0, days: 1.5, hours: 0, minutes: 0, seconds: 0 };
 * ```
 */
export interface DurationParts {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const number = String.raw`(\d+(?:[.,]\d+)?)`;
// PnYnMnWnDTnHnMnS; weeks may be combined with the other parts, as many servers write them.
const pattern = new RegExp(`^P(?:${number}Y)?(?:${number}M)?(?:${number}W)?(?:${number}D)?(?:T(?:${number}H)?(?:${number}M)?(?:${number}S)?)?$`);
const names = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;

/**
 * Reads an ISO 8601 duration (case-insensitive, `.` or `,` as decimal sign); `undefined` when
 * `text` is not one: no part at all, a `T` without a time part, or a fraction on a part other
 * than the smallest one given (ISO 8601-1 §5.5.2.4).
 *
 * @example
 * ```ts
 * parseIsoDuration('P1.5D'); // { days: 1.5, others 0 }
 * parseIsoDuration('P1.5DT1H'); // undefined: only the smallest part may have a fraction
 * ```
 */
export function parseIsoDuration(text: string): DurationParts | undefined {
  const upper = text.trim().toUpperCase();
  const match = pattern.exec(upper);
  if (match === null) return undefined;
  const values = match.slice(1);
  const given = values.flatMap((value, index) => (value === undefined ? [] : [index]));
  if (given.length === 0) return undefined;
  if (upper.includes('T') && !given.some((index) => index >= 4)) return undefined;
  const last = given[given.length - 1];
  if (values.some((value, index) => value !== undefined && /[.,]/.test(value) && index !== last)) return undefined;
  const parts: Record<(typeof names)[number], number> = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
  for (const [index, name] of names.entries()) parts[name] = Number((values[index] ?? '0').replace(',', '.'));
  return parts;
}

/**
 * A duration's length in milliseconds from `start`. Weeks, days, hours, minutes and seconds are
 * fixed lengths (a day is 24 hours); years and months are calendar units counted in UTC from
 * `start`, and a fraction of one is that fraction of the next such unit's real length.
 *
 * @example
 * ```ts
 * durationPartsMs(parseIsoDuration('P1M')!, Date.UTC(2025, 1, 1)); // 28 days in ms
 * ```
 */
export function durationPartsMs(parts: DurationParts, start: number): number {
  const addCalendar = (from: number, years: number, months: number): number => {
    const date = new Date(from);
    date.setUTCFullYear(date.getUTCFullYear() + years, date.getUTCMonth() + months);
    return date.getTime();
  };
  const wholeYears = Math.trunc(parts.years);
  const wholeMonths = Math.trunc(parts.months);
  let end = addCalendar(start, wholeYears, wholeMonths);
  if (parts.years !== wholeYears) end += (addCalendar(end, 1, 0) - end) * (parts.years - wholeYears);
  if (parts.months !== wholeMonths) end += (addCalendar(end, 0, 1) - end) * (parts.months - wholeMonths);
  const fixed = ((parts.weeks * 7 + parts.days) * 24 + parts.hours) * 3_600_000 + parts.minutes * 60_000 + parts.seconds * 1000;
  return end - start + fixed;
}
