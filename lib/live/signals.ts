import { EventEmitter } from 'node:events';
import pg from 'pg';

export type SignalChannel = 'failures' | 'fingerprints' | 'probes' | 'alerts';

/** "Something was written to <channel>": within this process, or to every replica. */
export interface Signals {
  notify(channel: SignalChannel): Promise<void>;
  on(channel: SignalChannel, listener: () => void): () => void;
  close(): Promise<void>;
}

export function localSignals(): Signals {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: async (channel) => {
      emitter.emit(channel);
    },
    on: (channel, listener) => {
      emitter.on(channel, listener);
      return () => emitter.off(channel, listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

const CHANNELS: SignalChannel[] = ['failures', 'fingerprints', 'probes', 'alerts'];
const pgChannel = (channel: SignalChannel) => `authscope_${channel}`;

/**
 * LISTEN/NOTIFY, so every replica on one PostgreSQL database hears every write. One dedicated
 * connection listens; when it drops, it reconnects and wakes every listener to catch up.
 */
export async function postgresSignals(
  connectionString: string,
  onError: (error: unknown) => void,
): Promise<Signals> {
  const local = localSignals();
  let client: pg.Client | null = null;
  let closing = false;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      const channel = CHANNELS.find((name) => pgChannel(name) === message.channel);
      if (channel) void local.notify(channel);
    });
    next.on('error', (error) => {
      onError(error);
      client = null;
      if (!closing) setTimeout(() => void reconnect(), 1_000).unref();
    });
    await next.connect();
    for (const channel of CHANNELS) await next.query(`LISTEN ${pgChannel(channel)}`);
    client = next;
  };
  const reconnect = async () => {
    try {
      await connect();
      for (const channel of CHANNELS) await local.notify(channel);
    } catch (error) {
      onError(error);
      if (!closing) setTimeout(() => void reconnect(), 1_000).unref();
    }
  };
  await connect();

  return {
    notify: async (channel) => {
      if (client) await client.query(`NOTIFY ${pgChannel(channel)}`);
      else await local.notify(channel);
    },
    on: local.on,
    close: async () => {
      closing = true;
      await local.close();
      await client?.end().catch(() => undefined);
    },
  };
}
