import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { EnvironmentDetail } from '@/components/fleet/EnvironmentDetail';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function EnvironmentPage({ params }: { params: Promise<{ env: string }> }) {
  const { env } = await params;
  const environment = decodeURIComponent(env);
  const { config } = await getRuntime();
  if (!config.environments.includes(environment)) notFound();
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <EnvironmentDetail environment={environment} />
    </Suspense>
  );
}
