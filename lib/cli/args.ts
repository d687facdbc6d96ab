export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

/** `--name value`, `--name=value` and bare `--flag`; `-` stays positional (stdin). */
export function parseArgs(argv: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) parsed.flags[name] = inline;
    else if (booleanFlags.includes(name) || i + 1 >= argv.length) parsed.flags[name] = true;
    else parsed.flags[name] = argv[++i];
  }
  return parsed;
}
