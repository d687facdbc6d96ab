import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigFile } from './schema';
import { parseDuration } from './duration';

export interface Config extends ConfigFile {
  /** The file it came from, or null when the server runs without one. */
  file: string | null;
  clockSkewSeconds: number;
  maxLifetimeSeconds: number;
}

/** Thrown when the config file cannot be used; the message names the file and each field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The config file named by AUTHSCOPE_CONFIG, or the empty config without one. */
export function loadConfig(name: string | null): Config {
  if (!name) return parseConfig({}, null);
  const file = path.resolve(name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseConfig(json, file);
}

export function parseConfig(json: unknown, file: string | null): Config {
  const result = ConfigFile.safeParse(json);
  if (!result.success) {
    const where = file ?? 'config';
    const lines = result.error.issues.map(
      (issue) => `${where}: ${formatPath(issue.path)}: ${issue.message}`,
    );
    throw new ConfigError(lines.join('\n'));
  }
  const config = result.data;
  return {
    ...config,
    file,
    clockSkewSeconds: parseDuration(config.policy.clockSkew)! / 1000,
    maxLifetimeSeconds: parseDuration(config.policy.maxLifetime)! / 1000,
  };
}

/** ['keys', 2, 'from'] → "keys[2].from" */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  if (segments.length === 0) return '(root)';
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
