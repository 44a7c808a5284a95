/** Whether an Alertmanager time interval (as configured) covers an instant. Pure. */

export interface TimeIntervalConfig {
  name: string;
  intervals: { weekdays?: string[]; times?: { start: string; end: string }[]; location: string }[];
}

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function localParts(date: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: WEEKDAYS.indexOf(get("weekday").toLowerCase()), minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export function isActive(interval: TimeIntervalConfig, date: Date): boolean {
  return interval.intervals.some((i) => {
    const { weekday, minutes } = localParts(date, i.location);
    const dayOk =
      !i.weekdays ||
      i.weekdays.some((range) => {
        const [from, to = from] = range.split(":").map((d) => WEEKDAYS.indexOf(d));
        return weekday >= from && weekday <= to;
      });
    const timeOk = !i.times || i.times.some((t) => minutes >= toMinutes(t.start) && minutes < toMinutes(t.end));
    return dayOk && timeOk;
  });
}
