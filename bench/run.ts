// `npm run bench`: prints figures beside their raw baselines; nothing here passes or fails.
// `npm run bench -- inspect`, `-- failures`, `-- ingest`, `-- fleet` or `-- groups` runs one part.
import { benchFailures } from './failures';
import { benchFleet } from './fleet';
import { benchGroups } from './groups';
import { benchIngest } from './ingest';
import { benchInspect } from './inspect';

const parts = process.argv.slice(2);
const wanted = (name: string) => parts.length === 0 || parts.includes(name);

console.log(
  `authscope benchmarks — node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
);
if (wanted('inspect')) await benchInspect();
if (wanted('failures')) await benchFailures();
if (wanted('ingest')) await benchIngest();
if (wanted('fleet')) await benchFleet();
if (wanted('groups')) await benchGroups();
