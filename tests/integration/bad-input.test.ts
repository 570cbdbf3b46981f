/**
 * Every user mistake runs the real CLI in a throwaway project and must exit 2 with a located diagnostic
 * (`file:line:col: error CODE: message`), a hint where a suggestion exists, and no stack trace.
 */
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli, type CliResult } from '../helpers/cli.js';

interface Expected {
  at: string;
  code: string;
  message: string;
  hint?: string;
}

/** Asserts exit 2, one diagnostic per `expected` in that order, and nothing that looks like a crash. */
function expectDiagnostics(r: CliResult, ...expected: Expected[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/^\s{4}at /m);
  expect(r.stderr).not.toContain('internal error');
  const heads = r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+: error E\d+: /.test(l));
  expect(heads).toEqual(expected.map((e) => `${e.at}: error ${e.code}: ${e.message}`));
  for (const e of expected) if (e.hint) expect(r.stderr).toContain(`  hint: ${e.hint}`);
  expect(r.stderr).toContain(`${expected.length} error${expected.length === 1 ? '' : 's'} found`);
}

const compile = (files: Record<string, string>, ...args: string[]) =>
  runCli(['compile', ...args], { cwd: makeProject({ 'project.yml': duckProject(), ...files }) });

const ok = 'select 1 as id\n';

describe('bad input exits 2 with a located diagnostic', () => {
  it('YAML syntax error: unclosed flow mapping', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n    materialized: {table\n' });
    expectDiagnostics(r, {
      at: 'models/schema.yml:4:1', code: 'E001',
      message: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
      hint: 'check indentation, colons and quotes',
    });
  });

  it('YAML syntax error: bad indentation', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n   materialized: table\n' });
    expectDiagnostics(r, { at: 'models/schema.yml:3:1', code: 'E001', message: 'YAML syntax error: Sequence item without - indicator' });
  });

  it('unknown key in a model entry suggests the closest key', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n    materialised: table\n' });
    expectDiagnostics(r, { at: 'models/schema.yml:3:5', code: 'E002', message: "unknown key 'materialised' in a model", hint: "did you mean 'materialized'?" });
    expect(r.stderr).toContain('    |     ^^^^^^^^^^^^\n');
  });

  it('unknown key in project.yml suggests the closest key', () => {
    const r = compile({ 'project.yml': duckProject('p', 'threds: 2\n'), 'models/a.sql': ok });
    expectDiagnostics(r, { at: 'project.yml:5:1', code: 'E002', message: "unknown key 'threds' in project.yml", hint: "did you mean 'threads'?" });
  });

  it('unknown key in a target lists its valid keys by type', () => {
    const r = compile({ 'project.yml': 'name: p\ntargets:\n  local: { type: duckdb, pth: x.duckdb }\n', 'models/a.sql': ok });
    expectDiagnostics(r, { at: 'project.yml:3:26', code: 'E002', message: "unknown key 'pth' in a duckdb target", hint: "did you mean 'path'?" });
  });

  it('wrong types: a mapping for tags, a string for enabled', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n    tags: {a: 1}\n    enabled: "yes"\n' });
    expectDiagnostics(
      r,
      { at: 'models/schema.yml:3:11', code: 'E003', message: 'expected a string, got a mapping' },
      { at: 'models/schema.yml:4:14', code: 'E003', message: "expected true or false, got the string 'yes'" },
    );
  });

  it('a value outside an enumeration suggests the closest one', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n    materialized: tabel\n' });
    expectDiagnostics(r, {
      at: 'models/schema.yml:3:19', code: 'E005', message: "expected one of 'view', 'table', 'incremental', 'ephemeral', got the string 'tabel'",
      hint: "did you mean 'table'?",
    });
  });

  it('unknown ref is located at the tag inside the .sql file, with the closest name', () => {
    const r = compile({ 'models/stg_orders.sql': ok, 'models/orders.sql': '-- orders\nselect *\nfrom   {{ref "stg_ordrs"}}\n' });
    expectDiagnostics(r, { at: 'models/orders.sql:3:8', code: 'E009', message: "unknown ref 'stg_ordrs'", hint: "did you mean 'stg_orders'?" });
  });

  it('a cycle a -> b -> c -> a is reported once, as the full chain', () => {
    const r = compile({
      'models/a.sql': 'select * from {{ref "b"}}\n',
      'models/b.sql': 'select * from {{ref "c"}}\n',
      'models/c.sql': 'select * from {{ref "a"}}\n',
    });
    expectDiagnostics(r, {
      at: 'models/a.sql:1:1', code: 'E008', message: 'dependency cycle: a -> b -> c -> a',
      hint: 'each arrow reads "depends on"; declared at models/a.sql:1, models/b.sql:1, models/c.sql:1',
    });
  });

  it('two .sql files with the same stem in different folders', () => {
    const r = compile({ 'models/stg_orders.sql': ok, 'models/staging/stg_orders.sql': ok });
    expectDiagnostics(r, {
      // Files are read in sorted path order, so models/staging/ claims the name first.
      at: 'models/stg_orders.sql:1:1', code: 'E006', message: "duplicate node name 'stg_orders' (models/stg_orders.sql)",
      hint: "'stg_orders' is already declared at models/staging/stg_orders.sql:1:1",
    });
  });

  it('a seed and a model with the same name', () => {
    const r = compile({ 'models/orders.sql': ok, 'seeds/orders.csv': 'id\n1\n' });
    expectDiagnostics(r, {
      at: 'seeds/orders.csv:1:1', code: 'E006', message: "duplicate node name 'orders' (seeds/orders.csv)",
      hint: "'orders' is already declared at models/orders.sql:1:1; names of models and seeds share one namespace",
    });
  });

  it('--select with an unknown method suggests the right one', () => {
    const r = compile({ 'models/a.sql': ok }, '--select', 'tg:nightly');
    expectDiagnostics(r, { at: '--select:1:1', code: 'E011', message: "invalid selector 'tg:nightly': unknown method 'tg' (did you mean 'tag'?)" });
  });

  it('--select term matching nothing suggests the closest node, located at its column', () => {
    const r = compile({ 'models/stg_orders.sql': ok, 'models/orders.sql': ok }, '--select', 'orders stg_ordrs');
    expectDiagnostics(r, { at: '--select:1:8', code: 'E011', message: "selector 'stg_ordrs' matches no node", hint: "did you mean 'stg_orders'?" });
  });

  it('--exclude is located under its own name', () => {
    const r = compile({ 'models/a.sql': ok }, '--exclude', 'a,type:modle');
    expectDiagnostics(r, {
      at: '--exclude:1:3', code: 'E011',
      message: "invalid selector 'type:modle': unknown type 'modle' (did you mean 'model'?); types: model, seed, source, test, profile, segment, kpi, sync",
    });
  });

  describe('environment variables of targets', () => {
    const files = {
      'project.yml': [
        'name: p',
        'target: local',
        'targets:',
        '  local:',
        '    type: duckdb',
        '    path: ${CIBLE_TEST_DB_PATH}',
        '  other: { type: duckdb, path: "${CIBLE_TEST_OTHER_UNSET}" }',
        '',
      ].join('\n'),
      'models/a.sql': ok,
    };
    const env = { CIBLE_TEST_DB_PATH: undefined, CIBLE_TEST_OTHER_UNSET: undefined };

    it('a missing variable of the target in use is located at its value', () => {
      const r = runCli(['build'], { cwd: makeProject(files), env });
      expectDiagnostics(r, {
        at: 'project.yml:6:11', code: 'E010', message: "environment variable CIBLE_TEST_DB_PATH is not set (needed by target 'local', setting 'path')",
        hint: 'export CIBLE_TEST_DB_PATH=... before running, or write ${CIBLE_TEST_DB_PATH:-default}',
      });
    });

    it("an unused target's missing variable is not an error", () => {
      const r = runCli(['build'], { cwd: makeProject(files), env: { ...env, CIBLE_TEST_DB_PATH: '.cible/env.duckdb' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("Running build on target 'local'");
    });

    it('selecting the other target reports its own variable', () => {
      const r = runCli(['compile', '--target', 'other'], { cwd: makeProject(files), env: { ...env, CIBLE_TEST_DB_PATH: 'x.duckdb' } });
      expectDiagnostics(r, { at: 'project.yml:7:32', code: 'E010', message: "environment variable CIBLE_TEST_OTHER_UNSET is not set (needed by target 'other', setting 'path')" });
    });
  });

  it('Handlebars: unknown helper, unknown var and unclosed tag, each at its line in the .sql file', () => {
    const r = compile({
      'models/a.sql': ok,
      'models/b.sql': '-- b\nselect\n  {{macro "x"}} as y\n',
      'models/c.sql': 'select\n\n  {{var "nope"}} as z\n',
      'models/d.sql': 'select 1\nfrom {{ref "a"\n',
    });
    expectDiagnostics(
      r,
      { at: 'models/b.sql:3:3', code: 'E009', message: "unknown helper 'macro'", hint: 'available: regexp_contains, regexp_full_match, regexp_replace_all, strip_accents, date_add_days, date_diff_days, seconds_between, decimal, date, type, ref, source, var, is_incremental, target, this' },
      { at: 'models/c.sql:3:3', code: 'E009', message: "unknown variable 'nope'", hint: `declare it under vars: in project.yml, pass --vars '{nope: ...}', or give a default: {{var "nope" "default"}}` },
      { at: 'models/d.sql:2:1', code: 'E009', message: 'template syntax error: unexpected end of file', hint: 'check the {{ }} tags' },
    );
  });

  it('Handlebars: a mismatched block is located at the opening block', () => {
    const r = compile({ 'models/a.sql': 'select 1\n{{#if is_incremental}}\nwhere 1 = 1\n{{/each}}\n' });
    expectDiagnostics(r, { at: 'models/a.sql:2:4', code: 'E009', message: "template syntax error: if doesn't match each" });
  });

  it('several mistakes in different files are all reported at once, sorted by file and line', () => {
    const r = compile({
      'project.yml': duckProject('p', 'threds: 2\n'),
      'models/a.sql': ok,
      'models/schema.yml': 'models:\n  - name: a\n    description: fine\n    materialised: table\n',
    });
    expectDiagnostics(
      r,
      { at: 'models/schema.yml:4:5', code: 'E002', message: "unknown key 'materialised' in a model", hint: "did you mean 'materialized'?" },
      { at: 'project.yml:5:1', code: 'E002', message: "unknown key 'threds' in project.yml", hint: "did you mean 'threads'?" },
    );
  });

  it('template mistakes in two .sql files are reported together, in file order', () => {
    const r = compile({ 'models/z.sql': 'select {{ref "nope"}}\n', 'models/m.sql': 'select\n  {{var "missing"}}\n' });
    expectDiagnostics(
      r,
      { at: 'models/m.sql:2:3', code: 'E009', message: "unknown variable 'missing'" },
      { at: 'models/z.sql:1:8', code: 'E009', message: "unknown ref 'nope'" },
    );
  });

  it('--json carries the same diagnostics as data', () => {
    const r = compile({ 'models/a.sql': ok, 'models/schema.yml': 'models:\n  - name: a\n    materialised: table\n' }, '--json');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { status: string; diagnostics: { code: string; file: string; start: { line: number; col: number }; hint: string }[] };
    expect(out.status).toBe('invalid');
    expect(out.diagnostics).toMatchObject([{ code: 'E002', file: 'models/schema.yml', start: { line: 3, col: 5 }, hint: "did you mean 'materialized'?" }]);
  });
});
