// One colour per fingerprint group, in group order (largest first): the same on every fleet view.
const GROUP_COLORS = ['#3fb950', '#f85149', '#d29922', '#a371f7', '#5aa9ff', '#db61a2'];

export function groupColor(index: number): string {
  return index < 0 ? '#8d97a5' : GROUP_COLORS[index % GROUP_COLORS.length];
}

export function groupLabel(group: {
  key_id: string | null;
  weak: string | null;
  fingerprint: string;
  unkeyed: boolean;
}): string {
  if (group.key_id) return `= ${group.key_id}`;
  if (group.weak) return 'weak secret — rotate';
  return `${group.fingerprint}${group.unkeyed ? ' (unkeyed)' : ''}`;
}
