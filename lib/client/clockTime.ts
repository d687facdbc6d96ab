/**
 * A failure time as on-call reads it: `HH:MM:SS` (UTC) today, with the date before it on other
 * days. Never cut: the column is sized to this text.
 */
export function clockTime(iso: string, now: number = Date.now()): string {
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  return date === new Date(now).toISOString().slice(0, 10) ? time : `${date} ${time}`;
}
