import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KeySpec } from '../config';
import { KeyLoadError, materialFromText, jwkMaterial, type LoadedMaterial } from './material';

export interface SourceContext {
  env: NodeJS.ProcessEnv;
  /** Relative `file:` paths resolve against the config file's folder. */
  baseDir: string;
}

/** Reads an `env:` or `file:` source, or an inline public `jwk`. `jwks:` is the JwksSource's. */
export function loadLocalSource(spec: KeySpec, context: SourceContext): LoadedMaterial {
  const encoding = spec.encoding ?? 'utf8';
  if (spec.jwk) return { keys: [jwkMaterial(spec.jwk)], skipped: [] };
  const from = spec.from ?? '';
  if (from.startsWith('env:')) {
    const name = from.slice('env:'.length);
    const value = context.env[name];
    if (value === undefined) throw new KeyLoadError(`environment variable ${name} is not set`);
    return materialFromText(value, encoding, false);
  }
  if (from.startsWith('file:')) {
    return materialFromText(
      readKeyFile(path.resolve(context.baseDir, from.slice('file:'.length))),
      encoding,
      true,
    );
  }
  throw new KeyLoadError(`unsupported source ${from.split(':')[0]}:`);
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable'
          : `cannot be read (${code})`;
    throw new KeyLoadError(`file ${file} ${reason}`);
  }
}

/** Reads the secret of an ingest key or viewer token reference (`env:` / `file:`). */
export function readSecretReference(from: string, context: SourceContext): string {
  if (from.startsWith('env:')) {
    const value = context.env[from.slice('env:'.length)];
    if (!value)
      throw new KeyLoadError(`environment variable ${from.slice('env:'.length)} is not set`);
    return value;
  }
  return readKeyFile(path.resolve(context.baseDir, from.slice('file:'.length))).trim();
}
