import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../lib/config';

const dir = mkdtempSync(path.join(os.tmpdir(), 'authscope-unit-config-'));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('loadConfig', () => {
  it('runs without a file when AUTHSCOPE_CONFIG is not set', () => {
    expect(loadConfig(null)).toMatchObject({ file: null, keys: [] });
  });

  it('reads the file named by AUTHSCOPE_CONFIG and remembers its absolute path', () => {
    const file = write(
      'ok.json',
      JSON.stringify({
        environments: ['staging'],
        keys: [{ id: 'k', environment: 'staging', from: 'env:K' }],
      }),
    );
    expect(loadConfig(file)).toMatchObject({
      file,
      environments: ['staging'],
    });
  });

  it('names the file that does not exist', () => {
    const file = path.join(dir, 'missing.json');
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(`${file}: cannot read the config file (ENOENT)`);
  });

  it('names the file that is not JSON', () => {
    const file = write('broken.json', '{ "keys": [ }');
    expect(() => loadConfig(file)).toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON`),
    );
  });

  it('names the file and the field of a validation error', () => {
    const file = write(
      'bad.json',
      JSON.stringify({ keys: [{ id: 'k', environment: 'staging', from: 'vault:x' }] }),
    );
    expect(() => loadConfig(file)).toThrow(
      `${file}: keys[0].from: unknown source "vault:x" (expected env:, file:, jwks:)`,
    );
  });
});
