import type { FleetVerdict } from '../inspect/report';
import type { InstanceState } from './group';
import { identify, type KnownKey } from './identify';

/**
 * Would each service of the environment accept a token signed by `signerKeyId`? A service accepts
 * when every instance's current fingerprint is that key's; the reason names what it resolved.
 * An unmatched fingerprint is never the signer: the keyring knows every form of its own keys.
 */
export function predictAcceptance(
  signerKeyId: string | null,
  environment: string,
  instances: readonly InstanceState[],
  keys: readonly KnownKey[],
): FleetVerdict[] {
  const services = [
    ...new Set(
      instances.filter((state) => state.environment === environment).map((state) => state.service),
    ),
  ].sort();
  return services.map((service): FleetVerdict => {
    const own = instances.filter(
      (state) => state.environment === environment && state.service === service,
    );
    if (!signerKeyId)
      return {
        service,
        accepts: false,
        reason:
          'no configured key verifies the token, so no service that uses a known key accepts it',
      };
    const rejecting = own.filter(
      (state) => identify(state.fingerprint, environment, keys).keyId !== signerKeyId,
    );
    if (rejecting.length === 0)
      return { service, accepts: true, reason: `resolves ${signerKeyId}${describeSource(own[0])}` };
    const detail = rejecting
      .map((state) => {
        const other = identify(state.fingerprint, environment, keys);
        return `${state.instance} resolves ${other.keyId ?? 'a key authscope does not hold'}${describeSource(state)}`;
      })
      .join('; ');
    const partial =
      rejecting.length < own.length
        ? `${rejecting.length} of ${own.length} instances reject: `
        : '';
    return { service, accepts: false, reason: `${partial}${detail}` };
  });
}

function describeSource(state: InstanceState | undefined): string {
  if (!state?.source) return '';
  return ` (from ${state.source}${state.version ? ` v${state.version}` : ''})`;
}
