/** The YAML-node validator combinators: every mistake located, unknown names with a suggestion. */
import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { bool, byForm, int, list, num, obj, oneOf, oneOrMany, record, str, text, type Schema } from '../../src/project/schema.js';
import { parseYamlFile } from '../../src/project/yaml-file.js';

function parse<T>(schema: Schema<T>, yaml: string): { value: T | undefined; diags: Diagnostic[] } {
  const bag = new DiagnosticBag();
  const y = parseYamlFile('f.yml', yaml, bag);
  if (!y) throw new Error(`bad YAML in test: ${JSON.stringify(bag.items)}`);
  const value = schema.parse(y.doc.contents, { y, bag });
  return { value, diags: bag.items };
}

const at = (d: Diagnostic) => `${d.file}:${d.start?.line}:${d.start?.col}`;

const model = obj(
  { name: str(), materialized: oneOf(['view', 'table', 'incremental'] as const), tags: oneOrMany(str()), enabled: bool(), threads: int(1) },
  { required: ['name'], name: 'a model' },
);

describe('obj', () => {
  it('returns the values with the span of the mapping and of each key', () => {
    const { value, diags } = parse(model, 'name: a\nmaterialized: table\ntags: nightly\n');
    expect(diags).toEqual([]);
    expect(value).toMatchObject({ name: 'a', materialized: 'table', tags: ['nightly'] });
    expect(value!.span.start).toEqual({ line: 1, col: 1 });
    expect(value!.keySpans.materialized).toEqual({ file: 'f.yml', start: { line: 2, col: 1 }, end: { line: 2, col: 13 } });
  });

  it('an unknown key is located on the key and suggests the closest valid key', () => {
    const { value, diags } = parse(model, 'name: a\n  # comment\nmaterialised: table\n');
    expect(value).toBeUndefined();
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ code: 'E002', message: "unknown key 'materialised' in a model", hint: "did you mean 'materialized'?", start: { line: 3, col: 1 }, end: { line: 3, col: 13 } });
  });

  it('an unknown key far from every valid key lists the valid keys instead', () => {
    const { diags } = parse(model, 'name: a\nzzzzzzzz: 1\n');
    expect(diags[0].hint).toBe('valid keys: name, materialized, tags, enabled, threads');
  });

  it('a missing required key is reported on the mapping', () => {
    const { value, diags } = parse(model, 'materialized: view\nenabled: true\n');
    expect(value).toBeUndefined();
    expect(diags).toMatchObject([{ code: 'E004', message: "missing required key 'name' in a model", start: { line: 1, col: 1 } }]);
  });

  it('a required key present with a bad value is not also reported as missing', () => {
    const { diags } = parse(model, 'name: [a]\n');
    expect(diags.map((d) => d.code)).toEqual(['E003']);
  });

  it('reports every mistake at once, not only the first', () => {
    const { diags } = parse(model, 'nme: a\nmaterialized: tabel\nenabled: "yes"\nthreads: 0\n');
    expect(diags.map((d) => `${d.code} ${at(d)}`).sort()).toEqual(['E002 f.yml:1:1', 'E003 f.yml:3:10', 'E003 f.yml:4:10', 'E004 f.yml:1:1', 'E005 f.yml:2:15']);
  });

  it('wrong type of the whole value', () => {
    expect(parse(model, '- a\n').diags).toMatchObject([{ code: 'E003', message: 'expected a model, got a list', start: { line: 1, col: 1 } }]);
  });
});

describe('wrong types', () => {
  it('name the expected and the actual kind, located at the value', () => {
    const { diags } = parse(model, 'name: a\ntags: {a: 1}\nenabled: "yes"\n');
    expect(diags).toMatchObject([
      { code: 'E003', message: 'expected a string, got a mapping', start: { line: 2, col: 7 }, end: { line: 2, col: 13 } },
      { code: 'E003', message: "expected true or false, got the string 'yes'", start: { line: 3, col: 10 } },
    ]);
  });

  it('a missing value (`key:` with nothing) is located on the key', () => {
    const { diags } = parse(model, 'name: a\nenabled:\ntags:   \n');
    expect(diags).toMatchObject([
      { code: 'E003', message: 'expected true or false, got nothing', start: { line: 2, col: 1 }, end: { line: 2, col: 8 } },
      { code: 'E003', message: 'expected a string, got nothing', start: { line: 3, col: 1 }, end: { line: 3, col: 5 } },
    ]);
  });

  it('a missing value in a flow mapping is located on its key too', () => {
    const { diags } = parse(model, '{ name: a, enabled: }\n');
    expect(diags).toMatchObject([{ message: 'expected true or false, got nothing', start: { line: 1, col: 12 } }]);
  });

  it('an explicit null is a null, located at the value', () => {
    const { diags } = parse(model, 'name: a\nenabled: null\n');
    expect(diags).toMatchObject([{ message: 'expected true or false, got null', start: { line: 2, col: 10 } }]);
  });

  it('an empty list item is located at the item, not at the list key', () => {
    const { diags } = parse(obj({ cols: list(str()) }), 'cols:\n  - a\n  -\n');
    expect(diags).toMatchObject([{ message: 'expected a string, got nothing', start: { line: 3, col: 4 } }]);
  });

  it('numbers, whole numbers and text', () => {
    expect(parse(num(), '1.5').value).toBe(1.5);
    expect(parse(num(), 'x').diags[0].message).toBe("expected a number, got the string 'x'");
    expect(parse(int(1), '0').diags[0].message).toBe('expected a whole number >= 1, got number 0');
    expect(parse(int(1), '2.5').diags).toHaveLength(1);
    expect(parse(text(), '1.0').value).toBe('1');
    expect(parse(text(), 'true').value).toBe('true');
    expect(parse(text(), '[a]').diags[0].message).toBe('expected a string, got a list');
  });

  it('long strings are shortened in messages', () => {
    expect(parse(bool(), 'x'.repeat(60)).diags[0].message).toBe(`expected true or false, got the string '${'x'.repeat(40)}…'`);
  });
});

describe('oneOf', () => {
  const m = oneOf(['view', 'table', 'incremental', 'ephemeral'] as const);

  it('accepts a listed value', () => {
    expect(parse(m, 'table')).toEqual({ value: 'table', diags: [] });
  });

  it('suggests the closest value for a typo, case-insensitively', () => {
    expect(parse(m, 'tabel').diags).toMatchObject([{ code: 'E005', message: "expected one of 'view', 'table', 'incremental', 'ephemeral', got the string 'tabel'", hint: "did you mean 'table'?" }]);
    expect(parse(m, 'Incremental').diags[0].hint).toBe("did you mean 'incremental'?");
  });

  it('no suggestion when nothing is close, or the value is not a string', () => {
    expect(parse(m, 'materialize_me_please').diags[0].hint).toBeUndefined();
    expect(parse(m, '42').diags[0]).toMatchObject({ message: expect.stringContaining('got number 42'), hint: undefined });
  });

  it('a missing value under a key is located on the key', () => {
    expect(parse(obj({ m }), '\n  m:\n').diags).toMatchObject([{ code: 'E005', message: expect.stringContaining('got nothing'), start: { line: 2, col: 3 } }]);
  });
});

describe('list, oneOrMany, record, byForm', () => {
  it('list validates each item and keeps the good ones', () => {
    const { value, diags } = parse(list(int()), '[1, x, 3]');
    expect(value).toEqual([1, 3]);
    expect(diags).toMatchObject([{ start: { line: 1, col: 5 } }]);
  });

  it('oneOrMany takes one value or a list, always returning a list', () => {
    expect(parse(oneOrMany(str()), 'a').value).toEqual(['a']);
    expect(parse(oneOrMany(str()), '[a, b]').value).toEqual(['a', 'b']);
    expect(parse(oneOrMany(str()), '[a, [b]]').diags[0].start).toEqual({ line: 1, col: 5 });
  });

  it('record keeps free keys with their spans and validates the values', () => {
    const { value, diags } = parse(record(int()), 'a: 1\nb: two\nc: 3\n');
    expect([...value!.keys()]).toEqual(['a', 'c']);
    expect(value!.get('c')).toEqual({ value: 3, keySpan: { file: 'f.yml', start: { line: 3, col: 1 }, end: { line: 3, col: 2 } } });
    expect(diags).toMatchObject([{ code: 'E003', start: { line: 2, col: 4 } }]);
  });

  it('a missing record value is located on its key', () => {
    expect(parse(record(int()), 'a: 1\nb:\n').diags).toMatchObject([{ message: 'expected a whole number >= 0, got nothing', start: { line: 2, col: 1 } }]);
  });

  it('byForm chooses by the form of the node and describes every form when none fits', () => {
    const table = byForm({ scalar: str(), map: obj({ name: str() }, { required: ['name'], name: 'a table' }) });
    expect(parse(table, 'orders').value).toBe('orders');
    expect(parse(table, '{ name: orders }').value).toMatchObject({ name: 'orders' });
    expect(parse(table, '[a]').diags[0].message).toBe('expected a string or a table, got a list');
    expect(parse(table, '{ nam: orders }').diags.map((d) => d.hint ?? d.code)).toEqual(["did you mean 'name'?", 'E004']);
  });
});
