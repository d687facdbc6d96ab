import type { Keyring, KeyView } from './keyring';
import type { Pepper } from './pepper';

/** The keys page and GET /api/v1/keys: the keyring's state, never material. */
export interface KeyringSummary {
  items: KeyView[];
  config_file: string | null;
  fingerprint_key: { origin: Pepper['origin']; problem: string | null };
  next_cursor: null;
}

export function keyringSummary(runtime: {
  keyring: Keyring;
  pepper: Pepper;
  config: { file: string | null };
}): KeyringSummary {
  return {
    items: runtime.keyring.views(),
    config_file: runtime.config.file,
    fingerprint_key: { origin: runtime.pepper.origin, problem: runtime.pepper.problem ?? null },
    next_cursor: null,
  };
}
