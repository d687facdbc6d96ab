#!/usr/bin/env node
// The authscope CLI runs the same TypeScript lib/ code as the server, through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
