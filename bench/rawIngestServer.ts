// The raw baseline for single-event ingest: node:http + better-sqlite3 with the same durability
// (WAL, synchronous=FULL) and group commit (one transaction per event-loop turn), the same JSON
// parse, one row per event, 202 after the commit. No auth, validation or redaction: a ceiling.
import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const [dir, portText] = process.argv.slice(2) as [string, string];
const db = new BetterSqlite3(path.join(dir, 'raw.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(
  'create table if not exists failures (seq integer primary key, received_at integer, service text, environment text, raw text)',
);
const insert = db.prepare(
  'insert into failures (received_at, service, environment, raw) values (?, ?, ?, ?)',
);

let pending: Array<{ event: Record<string, unknown>; done: (seq: number) => void }> = [];
const commit = db.transaction((batch: typeof pending) =>
  batch.map(({ event }) =>
    Number(
      insert.run(
        Date.now(),
        String(event.service ?? ''),
        String(event.environment ?? ''),
        JSON.stringify(event),
      ).lastInsertRowid,
    ),
  ),
);

function flush(): void {
  const batch = pending;
  pending = [];
  const seqs = commit(batch);
  batch.forEach((item, index) => item.done(seqs[index]!));
}

http
  .createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      if (pending.length === 0) setImmediate(flush);
      pending.push({
        event,
        done: (seq) => {
          response.writeHead(202, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ accepted: 1, ids: [String(seq)] }));
        },
      });
    });
  })
  .listen(Number(portText), '127.0.0.1', () => process.stdout.write('listening\n'));
