/**
 * A versioned secret store, simulated: what a service gets depends on when it (re)started, which
 * is how the production incident happened (replicas restarted at different times loaded
 * different versions).
 */
export class VersionedSecretStore {
  private readonly versions = new Map<string, Array<{ version: string; value: string }>>();

  put(name: string, version: string, value: string): void {
    const list = this.versions.get(name) ?? [];
    list.push({ version, value });
    this.versions.set(name, list);
  }

  /** The newest version, as a service reads it when it starts. */
  current(name: string): { value: string; version: string } | undefined {
    return this.versions.get(name)?.at(-1);
  }

  /** A given version: a replica that has not restarted since still holds it. */
  at(name: string, version: string): { value: string; version: string } | undefined {
    return this.versions.get(name)?.find((entry) => entry.version === version);
  }
}
