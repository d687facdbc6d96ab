import { FAILURE_DIMENSIONS, FILTER_LABEL } from '@/lib/failures/dimensions';
import { FAILURE_FILTERS, type FailureView } from '@/lib/client/failureQuery';
import { RANGES } from '@/lib/client/timeRange';
import { EnvironmentSelect } from '@/components/forms/EnvironmentSelect';

type FilterField = (typeof FAILURE_FILTERS)[number];

const LABELS: Record<FilterField, string> = { ...FILTER_LABEL, q: 'Search', group: 'Problem' };
const CHART_BY = FAILURE_DIMENSIONS.filter((dimension) => dimension.rollup);
// A problem is opened from the groups list, not typed: its id is opaque.
const TYPED_FILTERS = FAILURE_FILTERS.filter((field) => field !== 'group');

/** The filter bar: every value lives in the URL, so the parent owns it. */
export function FailureFilters({
  values,
  environments,
  onChange,
}: {
  values: FailureView;
  environments: string[];
  onChange: (patch: Record<string, string | undefined>) => void;
}) {
  return (
    <form
      className="filters"
      onSubmit={(event) => event.preventDefault()}
      aria-label="failure filters"
    >
      <div className="range-picker" role="group" aria-label="time range">
        {[...Object.keys(RANGES), 'custom'].map((range) => (
          <button
            key={range}
            type="button"
            className={range === values.range ? 'chip chip-on' : 'chip'}
            onClick={() => onChange({ range })}
          >
            {range}
          </button>
        ))}
      </div>
      {values.range === 'custom' && (
        <>
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={toLocalInput(values.since)}
              onChange={(event) => onChange({ since: fromLocalInput(event.target.value) })}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={toLocalInput(values.until)}
              onChange={(event) => onChange({ until: fromLocalInput(event.target.value) })}
            />
          </label>
        </>
      )}
      {TYPED_FILTERS.map((field) => (
        <label key={field}>
          {LABELS[field]}{' '}
          {field === 'environment' ? (
            <EnvironmentSelect
              name={field}
              environments={environments}
              value={values.filters.environment ?? ''}
              onChange={(environment) => onChange({ environment: environment || undefined })}
              anyLabel="all"
            />
          ) : (
            <input
              name={field}
              defaultValue={values.filters[field] ?? ''}
              placeholder="any"
              size={field === 'q' ? 16 : 12}
              onKeyDown={(event) =>
                event.key === 'Enter' &&
                onChange({ [field]: event.currentTarget.value.trim() || undefined })
              }
              onBlur={(event) =>
                onChange({ [field]: event.currentTarget.value.trim() || undefined })
              }
            />
          )}
        </label>
      ))}
      <label>
        Chart by{' '}
        <select
          name="by"
          value={values.by}
          onChange={(event) => onChange({ by: event.target.value })}
        >
          {CHART_BY.map((dimension) => (
            <option key={dimension.field} value={dimension.field}>
              {dimension.chartLabel}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
