/** 90 → "1 min 30 s", 7200 → "2 h", 90000 → "1 d 1 h": two units at most, readable at a glance. */
export function formatDuration(totalSeconds: number): string {
  let seconds = Math.abs(Math.round(totalSeconds));
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (seconds >= size && parts.length < 2) {
      parts.push(`${Math.floor(seconds / size)} ${unit}`);
      seconds %= size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0 s';
}

/** Seconds from now → "3 h ago", "in 5 min" or "just now". */
export function relativeTime(secondsFromNow: number): string {
  if (Math.abs(secondsFromNow) < 5) return 'just now';
  return secondsFromNow < 0
    ? `${formatDuration(secondsFromNow)} ago`
    : `in ${formatDuration(secondsFromNow)}`;
}
