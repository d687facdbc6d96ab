import { Inspector } from '@/components/inspect/Inspector';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function InspectPage() {
  const { config } = await getRuntime();
  return (
    <>
      <h1>Inspect a token</h1>
      <p className="muted">
        Header and claims are decoded in your browser; the signature is checked on the server
        against the keyring. Nothing you paste is stored.
      </p>
      <Inspector environments={config.environments} />
    </>
  );
}
