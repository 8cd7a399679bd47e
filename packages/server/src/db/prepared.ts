/**
 * Prepared statements on PostgreSQL. Kysely sends every query unnamed, so PostgreSQL parses and plans it on every
 * execution — for the platform's larger queries planning costs more than running them. Here each connection of the
 * pool sends a query with parameters as a named statement instead: parsed once per connection, then executed with
 * its cached plan (PostgreSQL re-plans by itself when a table it uses changes).
 *
 * Bounded: the first `limit` distinct query texts get names (the platform has a few hundred); any further text
 * runs unnamed, so a query built with a variable number of parameters can never grow a connection's cache without
 * end. A statement whose result columns changed under it (a migration by another process added a column to a
 * `select *`) fails with "cached plan must not change result type": it is run again unnamed, and its text is not
 * named again.
 */
import type pg from 'pg';

const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #never = new Set<string>();

  constructor(readonly limit: number) {}

  /** The statement name for a query text, or undefined (run it unnamed). */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#names.size >= this.limit || this.#never.has(text) || !PREPARABLE.test(text)) return undefined;
    const name = `kx${this.#names.size + 1}`;
    this.#names.set(text, name);
    return name;
  }

  /** Never name this text again (its cached plans went stale). */
  retire(text: string): void {
    this.#never.add(text);
    // The name stays taken (connections may hold it): a new name would be needed, and it is simply not named.
  }

  get size(): number {
    return this.#names.size;
  }
}

/** SQLSTATE 0A000 with this message: a prepared statement's result row type changed since it was prepared. */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}

/** Make every new connection of the pool send named statements (see the module comment). */
export function usePreparedStatements(pool: pg.Pool, names: StatementNames): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
    (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown) => {
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0) return query(text, values);
      const name = names.nameFor(text);
      if (name === undefined) return query(text, values);
      return query({ name, text, values }).catch((error: unknown) => {
        if (!isStalePlan(error)) throw error;
        names.retire(text);
        return query(text, values);
      });
    };
  });
}
