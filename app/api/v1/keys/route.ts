import { json, route } from '@/lib/http';
import { getRuntime } from '@/lib/runtime';
import { keyringSummary } from '@/lib/keys';

export const GET = route(async () => {
  const runtime = await getRuntime();
  await runtime.keyring.refreshRemote();
  return json(keyringSummary(runtime));
});
