import { KeysTable } from '@/components/keys/KeysTable';
import { keyringSummary } from '@/lib/keys';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function KeysPage() {
  const runtime = await getRuntime();
  await runtime.keyring.refreshRemote();
  const summary = keyringSummary(runtime);
  return (
    <>
      <h1>Keyring</h1>
      {summary.config_file === null && (
        <p className="notice">
          No config file: set <code>AUTHSCOPE_CONFIG</code> to a JSON file listing keys (see{' '}
          <code>docs/configuration.md</code>). The keyring is empty.
        </p>
      )}
      {summary.config_file !== null && summary.items.length === 0 && (
        <p className="notice">The config file lists no keys.</p>
      )}
      {summary.fingerprint_key.origin === 'generated' && (
        <p className="notice">
          Fingerprint key: generated under the data dir, since{' '}
          <code>AUTHSCOPE_FINGERPRINT_KEY</code> is not set. Services that report keyed fingerprints
          (<code>hmac-sha256/16</code>) need the same key.
          {summary.fingerprint_key.problem && <> {summary.fingerprint_key.problem}.</>}
        </p>
      )}
      {summary.items.length > 0 && <KeysTable keys={summary.items} />}
    </>
  );
}
