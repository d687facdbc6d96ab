import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensurePrivateFile, writePrivateFile } from '../../../lib/files/private';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('owner-only files and folders (lib/files/private.ts)', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'authscope-private-'));
    // A permissive umask: the modes must not depend on it.
    umask = process.umask(0o000);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('creates a missing folder, and its missing parents, 0700', () => {
    const dir = path.join(root, 'a', 'data');
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('tightens an existing folder that others could read', () => {
    const dir = path.join(root, 'open');
    ensurePrivateDir(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('creates a missing file empty and 0600', () => {
    const file = path.join(root, 'secret');
    ensurePrivateFile(file);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(modeOf(file)).toBe(0o600);
  });

  it('keeps an existing file’s content and tightens it to 0600', () => {
    const file = path.join(root, 'db.sqlite');
    writeFileSync(file, 'kept', { mode: 0o644 });
    chmodSync(file, 0o644);
    ensurePrivateFile(file);
    expect(readFileSync(file, 'utf8')).toBe('kept');
    expect(modeOf(file)).toBe(0o600);
  });

  it('writes a new file 0600 with the given text', () => {
    const file = path.join(root, 'session-secret');
    writePrivateFile(file, 'abc');
    expect(readFileSync(file, 'utf8')).toBe('abc');
    expect(modeOf(file)).toBe(0o600);
  });

  it('overwrites an existing world-readable file and tightens it', () => {
    const file = path.join(root, 'pepper');
    writeFileSync(file, 'old old old');
    chmodSync(file, 0o666);
    writePrivateFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(modeOf(file)).toBe(0o600);
  });
});
