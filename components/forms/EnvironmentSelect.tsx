/** A select of the configured environments; `anyLabel` adds a first option for "no choice" (''). */
export function EnvironmentSelect({
  environments,
  value,
  onChange,
  anyLabel,
  name,
}: {
  environments: readonly string[];
  value: string;
  onChange: (environment: string) => void;
  anyLabel?: string;
  name?: string;
}) {
  return (
    <select name={name} value={value} onChange={(event) => onChange(event.target.value)}>
      {anyLabel !== undefined && <option value="">{anyLabel}</option>}
      {environments.map((environment) => (
        <option key={environment} value={environment}>
          {environment}
        </option>
      ))}
    </select>
  );
}
