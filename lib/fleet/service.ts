import { ApiError } from '../http/errors';
import { consistencyOf, type Consistency } from './consistency';
import { buildFleet, type EnvironmentFleet } from './fleet';
import type { GroupOptions, InstanceState } from './group';
import type { KnownKey } from './identify';
import { environmentView, type EnvironmentView } from './views';

/**
 * The fleet as the API and pages ask for it: one place that knows which environments exist, how
 * instances are grouped right now (keyring keys, staleness, unreachable targets) and what is
 * consistent, so route handlers only parse and answer.
 */
export interface FleetService {
  /** `name` when it is a configured environment; otherwise a 404 naming the configured ones. */
  requireEnvironment(name: string): string;
  overview(): Promise<EnvironmentFleet[]>;
  environment(name: string): Promise<EnvironmentView>;
  /** The pre-deploy gate over every purpose, or one (of any environment a report named). */
  consistency(name: string, purpose?: string | null): Promise<Consistency>;
  /** The keyring's keys as the fleet names them (never their material). */
  keys(): readonly KnownKey[];
  /** Every instance's current state, in every environment. */
  instances(): Promise<InstanceState[]>;
}

export function createFleetService(source: {
  environments: readonly string[];
  /** The instances' current state, of one environment or all, read from the store each time. */
  instances: (environment?: string) => Promise<InstanceState[]>;
  options: () => GroupOptions;
}): FleetService {
  const requireEnvironment = (name: string) => {
    if (source.environments.includes(name)) return name;
    throw new ApiError(
      'not_found',
      `No environment "${name.slice(0, 64)}" (configured: ${source.environments.join(', ')}).`,
    );
  };
  const view = async (name: string) =>
    environmentView(name, await source.instances(name), source.options());
  return {
    requireEnvironment,
    environment: async (name) => view(requireEnvironment(name)),
    overview: async () =>
      buildFleet(source.environments, await source.instances(), source.options()),
    consistency: async (name, purpose) => {
      const { purposes } = await view(name);
      return consistencyOf(
        name,
        purpose ? purposes.filter((fleet) => fleet.purpose === purpose) : purposes,
      );
    },
    keys: () => source.options().keys,
    instances: () => source.instances(),
  };
}
