'use client';

import { useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { clockTime } from '@/lib/client/clockTime';
import type { FailureItem } from '@/lib/client/failureTypes';

const ROW_HEIGHT = 34;
const VIEWPORT_ROWS = 18;
const OVERSCAN = 10;

const yesNo = (value: boolean | null) => (value === null ? '—' : value ? 'yes' : 'no');

const text = (value: string | null) => value ?? '—';
/** A long value is cut to its column and shows in full on hover. */
const Clipped = ({ value }: { value: string | null }) => (
  <span className="clip-text" title={value ?? undefined}>
    {text(value)}
  </span>
);

const COLUMNS: ColumnDef<FailureItem>[] = [
  {
    accessorKey: 'occurred_at',
    header: 'Time (UTC)',
    cell: ({ getValue }) => (
      <time dateTime={getValue<string>()} title={getValue<string>()}>
        {clockTime(getValue<string>())}
      </time>
    ),
  },
  { accessorKey: 'environment', header: 'Env' },
  {
    accessorKey: 'service',
    header: 'Service',
    cell: ({ getValue }) => text(getValue<string | null>()),
  },
  {
    accessorKey: 'cause',
    header: 'Cause',
    cell: ({ row }) => (
      <span title={row.original.cause_detail ?? undefined}>{row.original.cause ?? '—'}</span>
    ),
  },
  {
    accessorKey: 'error_code',
    header: 'Code',
    cell: ({ getValue }) => text(getValue<string | null>()),
  },
  {
    accessorKey: 'error_message',
    header: 'Message',
    cell: ({ getValue }) => <Clipped value={getValue<string | null>()} />,
  },
  {
    id: 'token',
    header: 'Token',
    accessorFn: (row) => row.token_length ?? -1,
    cell: ({ row }) =>
      row.original.token_length === null
        ? '—'
        : `${row.original.token_length} ch, ${row.original.token_dot_count ?? '?'} dots`,
  },
  {
    id: 'authorization',
    header: 'Auth hdr',
    accessorFn: (row) => yesNo(row.authorization_present),
  },
  {
    id: 'protocol',
    header: 'WS proto',
    accessorFn: (row) => yesNo(row.websocket_protocol_present),
  },
  {
    accessorKey: 'signed_by',
    header: 'Signed by',
    cell: ({ getValue }) => text(getValue<string | null>()),
  },
  {
    accessorKey: 'user',
    header: 'User',
    cell: ({ getValue }) => <Clipped value={getValue<string | null>()} />,
  },
];

/**
 * Sortable failures table. Only the rows in view are rendered (a fixed row height makes the
 * window cheap), so 10,000 rows scroll smoothly.
 */
export function FailureTable({
  items,
  selectedId,
  onSelect,
}: {
  items: FailureItem[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [scrollTop, setScrollTop] = useState(0);
  const table = useReactTable({
    data: items,
    columns: COLUMNS,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const openIndex =
    selectedId === null ? -1 : rows.findIndex((row) => row.original.id === selectedId);
  const previousOpenIndex = useRef(openIndex);
  // Live rows arrive above the open one: scroll by as many rows, so the open row stays put.
  useLayoutEffect(() => {
    const before = previousOpenIndex.current;
    previousOpenIndex.current = openIndex;
    if (before < 0 || openIndex < 0 || before === openIndex || !scroller.current) return;
    scroller.current.scrollTop += (openIndex - before) * ROW_HEIGHT;
  }, [openIndex]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, first + VIEWPORT_ROWS + 2 * OVERSCAN);

  return (
    <div
      ref={scroller}
      className="table-scroll"
      // No browser scroll anchoring: once scrolled, it kept the open row in place too, and with the
      // effect above a second live batch moved it by twice the rows that arrived.
      style={{ maxHeight: ROW_HEIGHT * (VIEWPORT_ROWS + 1), overflowAnchor: 'none' }}
      onScroll={(event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid="failures-table"
      data-rows={rows.length}
    >
      <table className="table table-sticky">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  onClick={header.column.getToggleSortingHandler()}
                  className="sortable"
                >
                  {flexRender(header.column.columnDef.header, header.getContext())}
                  {{ asc: ' ▲', desc: ' ▼' }[header.column.getIsSorted() as string] ?? ''}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden />}
          {rows.slice(first, last).map((row) => (
            <tr
              key={row.id}
              style={{ height: ROW_HEIGHT }}
              className={`clickable${row.original.id === selectedId ? ' row-selected' : ''}`}
              onClick={() => onSelect(row.original.id)}
              data-failure-id={row.original.id}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className="nowrap">
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
          {last < rows.length && (
            <tr style={{ height: (rows.length - last) * ROW_HEIGHT }} aria-hidden />
          )}
        </tbody>
      </table>
    </div>
  );
}
