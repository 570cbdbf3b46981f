/**
 * The fakes' independent syntax check (tests/fakes/sql-syntax-check.ts): every statement of every golden
 * bigquery.sql / snowflake.sql passes it, and invalid SQL that DuckDB or the translators would let through fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenRoot } from '../golden/harness.js';
import { checkSyntax, SqlSyntaxError, type Checked, type SyntaxDialect } from '../fakes/sql-syntax-check.js';

const dialects: SyntaxDialect[] = ['bigquery', 'snowflake'];
const cases = readdirSync(goldenRoot).filter((c) => existsSync(join(goldenRoot, c, 'bigquery.sql'))).sort();

/** A golden's files, as harness.targetSql heads them (`-- ===== label: target/... =====`): compiled SELECTs end without `;`. */
const goldenFiles = (text: string) => text.split(/^-- ===== .* =====$/m).filter((f) => f.trim());

describe('sql syntax check: every golden statement passes', () => {
  for (const d of dialects) {
    it(d, () => {
      const checked: Checked[] = [];
      for (const c of cases) for (const f of goldenFiles(readFileSync(join(goldenRoot, c, `${d}.sql`), 'utf8'))) checked.push(...checkSyntax(f, d));
      expect(cases.length).toBeGreaterThanOrEqual(8);
      expect(checked.length).toBeGreaterThan(100);
      // Only transaction control skips the parser altogether; every other shape hands a part of itself back to it.
      const unparsed = checked.filter((x) => x.parsed === 0).map((x) => x.text.replace(/^--.*$/gm, '').trim());
      expect(unparsed.filter((t) => !/^(BEGIN TRANSACTION|COMMIT)$/.test(t)), unparsed.join('\n')).toEqual([]);
      expect(checked.filter((x) => !x.shape).length).toBeGreaterThan(checked.length / 3);
    });
  }
});

const rejected: [SyntaxDialect, string, RegExp][] = [
  ['bigquery', 'SELECT FROM x', /Expected/],
  ['snowflake', 'SELECT FROM x', /Expected/],
  ['bigquery', "SELECT '2024-01-01'::DATE AS d", /no `::` cast/],
  ['bigquery', 'SELECT COUNT(*) FROM (SELECT 1 AS a', /Expected/],
  ['bigquery', 'SELECT CAST(`amount` AS DECIMAL(10,2)) AS `amount`', /Parameterized types are not allowed in CAST/],
  ['snowflake', "PUT 'file:///tmp/x.csv' @~ ; COPY INTO \"T\" FROM", /Expected/],
  ['snowflake', 'SELECT COUNT(*) FROM (SELECT 1 AS a', /Expected/],
  ["bigquery", "CREATE OR REPLACE TABLE `p`.`d`.`t` AS SELECT a FROM `p`.`d`.`s` WHERE", /Expected/],
  ['snowflake', 'CREATE OR REPLACE TABLE "D"."T" AS SELECT a b c FROM "D"."S"', /Expected/],
  // Allow-listed shapes still parse what they carry: a broken WHERE, ON or SET fails.
  ['bigquery', 'DELETE FROM `d`.`t` AS `t` WHERE EXISTS (SELECT 1 FROM `d`.`s` WHERE', /Expected/],
  ['snowflake', 'MERGE INTO "T" AS "T" USING "S" AS "S" ON "T"."ID" = WHEN MATCHED THEN DELETE', /Expected/],
  ['bigquery', 'MERGE INTO `t` AS `t` USING (SELECT 1 AS id) AS `s` ON `t`.`id` = `s`.`id` WHEN MATCHED THEN UPDATE SET `a` = ', /Expected/],
  ['bigquery', 'UPDATE `d`.`t` AS `t` SET `a` = `s`. FROM `d`.`s` AS `s` WHERE `t`.`k` = `s`.`k`', /Expected/],
  ['bigquery', 'UPDATE `d`.`t` AS `t` SET `a` = `s`.`a` FROM `d`.`s` AS `s` WHERE `t`.`k` = ', /Expected/],
  ['snowflake', 'DROP TABLE IF EXISTS "A".', /Expected/],
  ['snowflake', 'ALTER TABLE "A"."B" SWAP WITH', /Expected/],
  // A statement after a valid one is checked too, and named in the error.
  ['snowflake', 'SELECT 1; SELEC 2', /SELEC 2/],
];

describe('sql syntax check: invalid statements fail', () => {
  for (const [d, sql, message] of rejected) {
    it(`${d}: ${sql}`, () => {
      expect(() => checkSyntax(sql, d)).toThrow(SqlSyntaxError);
      expect(() => checkSyntax(sql, d)).toThrow(message);
    });
  }

  it('passes what each dialect allows and the other does not', () => {
    expect(checkSyntax("SELECT '2024-01-01'::DATE AS d", 'snowflake')).toHaveLength(1);
    expect(checkSyntax("SELECT CAST('2024-01-01' AS DATE) AS d, '::' AS s -- a::b", 'bigquery')).toHaveLength(1);
    expect(checkSyntax('BEGIN TRANSACTION;\nCOMMIT', 'bigquery').map((x) => x.shape)).toEqual(['transaction control', 'transaction control']);
  });
});
