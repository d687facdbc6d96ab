import { Suspense } from 'react';
import { FailuresView } from '@/components/failures/FailuresView';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function FailuresPage() {
  const { config } = await getRuntime();
  return (
    <>
      <h1>Failures</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <FailuresView environments={config.environments} />
      </Suspense>
    </>
  );
}
