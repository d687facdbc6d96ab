import { describe, expect, it } from 'vitest';
import { CHECK_USAGE } from '../../../lib/cli/checkCommand';
import { INSPECT_USAGE, type Io } from '../../../lib/cli/inspectCommand';
import { main } from '../../../lib/cli/main';

/** An environment for the command: only what the test names (never process.env). */
const asEnv = (values: Record<string, string | undefined>) => values as NodeJS.ProcessEnv;

function captureIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readStdin: () => '',
  };
  return io;
}

describe('main (lib/cli/main.ts)', () => {
  it.each([[[]], [['help']], [['inspekt', 'x']], [['--json']]])(
    'prints both usages and exits 2 for %j',
    async (argv) => {
      const io = captureIo();
      expect(await main(argv, io, asEnv({}))).toBe(2);
      expect(io.err).toContain('authscope — JWT auth diagnostics');
      expect(io.err).toContain(INSPECT_USAGE);
      expect(io.err).toContain(CHECK_USAGE);
      expect(io.out).toBe('');
    },
  );

  it('dispatches inspect and check to their own usage', async () => {
    const inspect = captureIo();
    expect(await main(['inspect', '--help'], inspect, asEnv({}))).toBe(2);
    expect(inspect.err).toBe(INSPECT_USAGE + '\n');
    const check = captureIo();
    expect(await main(['check'], check, asEnv({}))).toBe(2);
    expect(check.err).toBe(CHECK_USAGE + '\n');
  });
});
