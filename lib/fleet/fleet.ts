import { groupPurpose, type GroupOptions, type InstanceState, type PurposeFleet } from './group';

export interface EnvironmentFleet {
  environment: string;
  consistent: boolean;
  purposes: PurposeFleet[];
}

/** Every configured environment (and any reported one), each purpose grouped on its own. */
export function buildFleet(
  environments: readonly string[],
  instances: readonly InstanceState[],
  options: GroupOptions,
): EnvironmentFleet[] {
  const names = [...new Set([...environments, ...instances.map((state) => state.environment)])];
  return names.map((environment) => {
    const fleets = purposeFleets(environment, instances, options);
    return { environment, consistent: fleets.every((fleet) => fleet.consistent), purposes: fleets };
  });
}

/** One environment's purposes, each grouped on its own (`access-token` when nothing reported). */
export function purposeFleets(
  environment: string,
  instances: readonly InstanceState[],
  options: GroupOptions,
): PurposeFleet[] {
  const own = instances.filter((state) => state.environment === environment);
  const purposes = [...new Set(own.map((state) => state.purpose))].sort();
  return (purposes.length ? purposes : ['access-token']).map((purpose) =>
    groupPurpose(
      environment,
      purpose,
      own.filter((state) => state.purpose === purpose),
      options,
    ),
  );
}
