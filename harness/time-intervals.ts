/**
 * Whether an Alertmanager time interval covers an instant, every field as Alertmanager reads it:
 * each field of an interval must match (an absent one matches always), and any interval of the
 * list matching is enough. Times are start-inclusive and end-exclusive; negative days count from
 * the end of the month. Pure.
 */
import { monthNumber, TimeIntervalConfig } from "../config/routing-schema";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

interface LocalDate {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
  daysInMonth: number;
}

function localDate(date: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const [year, month] = [Number(get("year")), Number(get("month"))];
  return {
    year,
    month,
    day: Number(get("day")),
    weekday: WEEKDAYS.indexOf(get("weekday").toLowerCase()),
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
    // Day 0 of the next month is this month's last day.
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Whether `value` lies in one of `ranges` ("a" or "a:b", inclusive), each end read by `read`. */
function inRanges(ranges: string[] | undefined, value: number, read: (end: string) => number): boolean {
  return (
    !ranges ||
    ranges.some((range) => {
      const [from, to = from] = range.split(":").map(read);
      return value >= from && value <= to;
    })
  );
}

export function isActive(interval: Pick<TimeIntervalConfig, "intervals">, date: Date): boolean {
  return interval.intervals.some((i) => {
    const d = localDate(date, i.location);
    const day = (end: string) => (Number(end) < 0 ? d.daysInMonth + 1 + Number(end) : Number(end));
    return (
      (!i.times || i.times.some((t) => d.minutes >= toMinutes(t.start) && d.minutes < toMinutes(t.end))) &&
      inRanges(i.weekdays, d.weekday, (w) => WEEKDAYS.indexOf(w.toLowerCase())) &&
      inRanges(i.daysOfMonth, d.day, day) &&
      inRanges(i.months, d.month, monthNumber) &&
      inRanges(i.years, d.year, Number)
    );
  });
}
