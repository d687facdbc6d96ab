// `npm run bench`: prints figures beside their raw baselines; nothing here passes or fails.
import { benchInspect } from './inspect';

console.log(`authscope benchmarks — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
await benchInspect();
