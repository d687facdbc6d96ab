import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../lib/cli/args';

describe('parseArgs (lib/cli/args.ts)', () => {
  const BOOLEAN = ['json', 'help'];

  it.each([
    { argv: [], positional: [], flags: {} },
    { argv: ['token'], positional: ['token'], flags: {} },
    { argv: ['-'], positional: ['-'], flags: {} },
    { argv: ['--env', 'staging'], positional: [], flags: { env: 'staging' } },
    { argv: ['--env=staging'], positional: [], flags: { env: 'staging' } },
    { argv: ['--json'], positional: [], flags: { json: true } },
    { argv: ['--json', 'tok'], positional: ['tok'], flags: { json: true } },
    { argv: ['tok', '--config'], positional: ['tok'], flags: { config: true } },
    { argv: ['--url=http://x/?a=b'], positional: [], flags: { url: 'http://x/?a=b' } },
    { argv: ['--key='], positional: [], flags: { key: '' } },
    { argv: ['--env', '--json'], positional: [], flags: { env: '--json' } },
    { argv: ['-x', 'y'], positional: ['-x', 'y'], flags: {} },
    {
      argv: ['a', '--env', 'prod', 'b', '--json', '--purpose=id-token'],
      positional: ['a', 'b'],
      flags: { env: 'prod', json: true, purpose: 'id-token' },
    },
  ])('$argv → positional $positional, flags $flags', ({ argv, positional, flags }) => {
    expect(parseArgs(argv, BOOLEAN)).toEqual({ positional, flags });
  });

  it('splits an inline value at the first "=" only', () => {
    expect(parseArgs(['--key=a=b=c'], BOOLEAN).flags).toEqual({ key: 'a=b=c' });
  });

  it('keeps a line break inside an inline value', () => {
    expect(parseArgs(['--key=a\nb'], BOOLEAN).flags).toEqual({ key: 'a\nb' });
  });

  it('lets the later of two equal flags win', () => {
    expect(parseArgs(['--env', 'a', '--env=b'], BOOLEAN).flags).toEqual({ env: 'b' });
  });

  it('gives a boolean flag a value only inline', () => {
    expect(parseArgs(['--json=no', 'x'], BOOLEAN)).toEqual({
      positional: ['x'],
      flags: { json: 'no' },
    });
  });
});
