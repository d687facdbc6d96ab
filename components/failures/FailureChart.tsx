'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { FailureStats } from '@/lib/client/failureTypes';

const PALETTE = [
  '#f85149',
  '#d29922',
  '#5aa9ff',
  '#a371f7',
  '#3fb950',
  '#db61a2',
  '#79c0ff',
  '#ffa657',
];

/** A moment to mark on the time axis (a fingerprint change: rotation, restart onto another version). */
export interface ChartMarker {
  at: string;
  label: string;
}

/** Failure counts per time bucket, stacked by the chosen dimension; markers drawn on their bucket. */
export function FailureChart({
  stats,
  height = 220,
  markers = [],
  onBucketClick,
}: {
  stats: FailureStats;
  height?: number;
  markers?: ChartMarker[];
  /** A click on a bucket (a spike, say) with its start time. */
  onBucketClick?: (bucketStart: string) => void;
}) {
  const data = stats.points.map((point) => ({ t: point.t, ...point.counts }));
  const bucketOf = (at: string) => [...stats.points].reverse().find((point) => point.t <= at)?.t;
  const label = (iso: string) =>
    stats.bucket === 'hour' ? iso.slice(5, 13).replace('T', ' ') + 'h' : iso.slice(11, 16);
  const totals = stats.points.map((point) =>
    Object.values(point.counts).reduce((sum, count) => sum + count, 0),
  );
  // An empty grid reads as "the chart is broken": say there is nothing to draw instead.
  if (totals.every((total) => total === 0)) {
    return (
      <div className="chart-empty" data-testid="failure-chart" data-empty="true">
        <p className="empty">No failures in this range, so nothing to chart.</p>
      </div>
    );
  }
  // The y axis as wide as its largest count needs, so no tick is cut at the left edge.
  const yWidth = 16 + 8 * String(Math.max(...totals)).length;
  const bucketIndex = (t: string) => stats.points.findIndex((point) => point.t === t);
  return (
    <div style={{ width: '100%', height }} data-testid="failure-chart">
      <ResponsiveContainer>
        <BarChart
          data={data}
          // Room on the right for the last time label, which is centred on the last bar.
          margin={{ top: 8, right: 28, bottom: 0, left: 0 }}
          onClick={(state) =>
            state?.activeLabel !== undefined && onBucketClick?.(String(state.activeLabel))
          }
          style={onBucketClick ? { cursor: 'pointer' } : undefined}
        >
          <CartesianGrid stroke="#2a313b" vertical={false} />
          <XAxis dataKey="t" tickFormatter={label} stroke="#8d97a5" fontSize={12} minTickGap={24} />
          <YAxis allowDecimals={false} stroke="#8d97a5" fontSize={12} width={yWidth} />
          {/* An outline, not a filled band: the hover highlight must not read as another bar. */}
          <Tooltip
            cursor={{ fill: 'none', stroke: '#5aa9ff', strokeDasharray: '3 3' }}
            contentStyle={{ background: '#171b21', border: '1px solid #2a313b' }}
            labelFormatter={(value) => String(value)}
          />
          <Legend />
          {markers.map((marker) => {
            const bucket = bucketOf(new Date(marker.at).toISOString());
            // A label right of a line in the chart's right half would run off the edge: put it left.
            const onRight = bucket !== undefined && bucketIndex(bucket) > stats.points.length / 2;
            return bucket ? (
              <ReferenceLine
                key={`${marker.at}-${marker.label}`}
                x={bucket}
                stroke="#d29922"
                strokeDasharray="4 3"
                label={{
                  value: marker.label,
                  fill: '#d29922',
                  fontSize: 11,
                  position: onRight ? 'insideTopRight' : 'insideTopLeft',
                }}
              />
            ) : null;
          })}
          {stats.keys.map((key, index) => (
            <Bar
              key={key}
              dataKey={key}
              stackId="count"
              fill={PALETTE[index % PALETTE.length]}
              isAnimationActive={false}
              // The bar itself: the chart-level click alone missed clicks on bars (recharts 3).
              onClick={(entry: { payload?: { t?: string } }) =>
                entry.payload?.t && onBucketClick?.(entry.payload.t)
              }
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
