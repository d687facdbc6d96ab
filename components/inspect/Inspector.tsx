'use client';

import { useMemo, useState } from 'react';
import { useDebounced } from '@/lib/client/useDebounced';
import { useInspection } from '@/lib/client/useInspection';
import { incidentNote } from '@/lib/inspect/incidentNote';
import { decodeForDisplay } from '@/lib/jwt/browser';
import { CopyNoteButton } from './CopyNoteButton';
import { FindingsList } from './FindingsList';
import { FleetVerdicts } from './FleetVerdicts';
import { JsonBlock } from './JsonBlock';
import { TimingSummary } from './TimingSummary';
import { TokenParts } from './TokenParts';
import { VerificationTable } from './VerificationTable';
import { EnvironmentSelect } from '@/components/forms/EnvironmentSelect';

/** Paste box → instant local decoding → the server's verdict (keys never reach the browser). */
export function Inspector({ environments }: { environments: string[] }) {
  const [pasted, setPasted] = useState('');
  const [environment, setEnvironment] = useState('');
  const local = useMemo(
    () => (pasted.trim() ? decodeForDisplay(pasted, new Date()) : null),
    [pasted],
  );
  // The server gets the paste as it is, so its findings can name what was stripped.
  const settledPaste = useDebounced(pasted.trim() ? pasted : '', 250);
  const { data: report, error, isLoading } = useInspection(settledPaste || null, environment);
  const pending = Boolean(local) && (isLoading || settledPaste !== pasted);

  return (
    <div className="inspector">
      <label className="field">
        <span>Token</span>
        <textarea
          name="token"
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          placeholder="Paste a JWT, a Bearer header or an Authorization line. It is never stored."
          rows={5}
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <label className="field field-inline">
        <span>Environment for the fleet prediction</span>
        <EnvironmentSelect
          environments={environments}
          value={environment}
          onChange={setEnvironment}
          anyLabel="the signer's environment"
        />
      </label>

      {!local && (
        <p className="empty">
          Paste a token to see its header, claims, findings and which key signed it.
        </p>
      )}

      {local && (
        <>
          {/* What it is comes first: a paste that is no JWT must not read as "no key verifies". */}
          {local.parsed.kind === 'malformed' && (
            <h2 className="error-text" data-testid="inspect-headline">
              Not a JWT: {local.parsed.problems.join('; ')}
            </h2>
          )}
          <TokenParts token={local.token} parsed={local.parsed} />
          {local.stripped.length > 0 && (
            <p className="muted">
              Stripped from the paste: {local.stripped.join(', ').replace(/_/g, ' ')}.
            </p>
          )}
          <div className="columns">
            {local.parsed.header && <JsonBlock title="Header" value={local.parsed.header} />}
            {local.parsed.kind === 'jws' && local.parsed.claims && (
              <JsonBlock title="Claims" value={local.parsed.claims} times={local.timing?.claims} />
            )}
            {local.parsed.kind === 'jws' && local.parsed.payloadText !== null && (
              <section className="panel">
                <h3>Payload (text)</h3>
                <pre className="wrap">{local.parsed.payloadText}</pre>
              </section>
            )}
          </div>
          {local.timing && <TimingSummary timing={local.timing} />}

          <section className="panel" aria-busy={pending}>
            <h3>Verdict {pending && <span className="muted">checking…</span>}</h3>
            {error && (
              <p className="error-text" role="alert">
                The server could not inspect the token: {error.message}
              </p>
            )}
            {report && !error && (
              <>
                {local.parsed.kind === 'malformed' ? (
                  <p className="verdict verdict-bad" data-testid="verdict">
                    Not a JWT: no signature to verify
                  </p>
                ) : (
                  <VerificationTable rows={report.verification} verifiedBy={report.verified_by} />
                )}
                <h3>Findings</h3>
                <FindingsList findings={report.findings} />
                <h3>Fleet</h3>
                <FleetVerdicts fleet={report.fleet} />
                <CopyNoteButton text={incidentNote(report)} />
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
