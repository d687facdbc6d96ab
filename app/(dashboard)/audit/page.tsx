import { AuditTable } from '@/components/audit/AuditTable';
import { getRuntime } from '@/lib/runtime';

export const dynamic = 'force-dynamic';

export default async function AuditPage() {
  const { store } = await getRuntime();
  const entries = await store.audit.recent();
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Sign-ins, failed sign-ins, sign-outs and config loads, newest first. Never a token or a
        secret.
      </p>
      {entries.length === 0 ? (
        <p className="notice">Nothing recorded yet.</p>
      ) : (
        <AuditTable entries={entries} />
      )}
    </>
  );
}
