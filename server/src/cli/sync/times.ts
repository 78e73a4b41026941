// Times for a person: on a terminal, local time with its zone (TZ is honoured); elsewhere (pipes,
// logs, CI) and in JSON, the API's UTC string as it came, so nothing downstream has to parse a zone.
import type { CliIO } from '../io';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-07 06:15:03 GMT+1` on a terminal; the ISO string unchanged elsewhere or when unreadable. */
export function showTime(io: Pick<CliIO, 'stdoutIsTTY'>, iso: string): string {
  if (io.stdoutIsTTY !== true) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return localTime(date);
}

export function localTime(date: Date): string {
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${day} ${time}${zone ? ` ${zone}` : ''}`;
}
