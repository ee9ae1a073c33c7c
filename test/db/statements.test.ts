import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { reusingStatements } from '../../server/db/statements.ts';

describe('SQLite statements kept for reuse', () => {
  const sqlite = new SQLite(':memory:');

  it('gives the same prepared statement for the same query, and forgets the least recently used', () => {
    const db = reusingStatements(sqlite, 2);
    const one = db.prepare('select 1');
    expect(db.prepare('select 1')).toBe(one);
    const two = db.prepare('select 2');
    db.prepare('select 1'); // now the most recently used
    db.prepare('select 3'); // one too many: "select 2" is forgotten
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('prepares a fresh statement while the kept one is still being read, and answers both', () => {
    sqlite.exec('create table t (n integer); insert into t values (1), (2), (3)');
    const db = reusingStatements(sqlite);
    const reading = db.prepare('select n from t order by n').iterate([]);
    expect(reading.next().value).toEqual({ n: 1 });
    const again = db.prepare('select n from t order by n');
    expect(again.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...reading]).toEqual([{ n: 2 }, { n: 3 }]);
  });
});
