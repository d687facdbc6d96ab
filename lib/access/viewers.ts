import type { Config } from '../config';
import { secretsEqual } from './secrets';
import { readSecretReference, type SourceContext } from '../keys';

export interface Viewer {
  name: string;
  secret: string;
}

export interface ViewerList {
  viewers: Viewer[];
  problems: string[];
}

/** Config `viewers` (named) and AUTHSCOPE_VIEWER_TOKENS (comma-separated, named viewer-1, …). */
export function loadViewers(
  config: Config,
  quickTokens: readonly string[],
  sources: SourceContext,
): ViewerList {
  const list: ViewerList = { viewers: [], problems: [] };
  for (const reference of config.viewers) {
    try {
      list.viewers.push({
        name: reference.name,
        secret: readSecretReference(reference.from, sources),
      });
    } catch (error) {
      list.problems.push(`viewer ${reference.name}: ${(error as Error).message}`);
    }
  }
  quickTokens.forEach((secret, index) =>
    list.viewers.push({ name: `viewer-${index + 1}`, secret }),
  );
  return list;
}

/** The viewer whose token `presented` is, if any. Every token is compared, in constant time. */
export function matchViewer(presented: string, list: ViewerList): Viewer | null {
  let match: Viewer | null = null;
  for (const viewer of list.viewers) {
    if (secretsEqual(presented, viewer.secret) && match === null) match = viewer;
  }
  return match;
}
