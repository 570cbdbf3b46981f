/**
 * A small validator over YAML nodes. We walk the `yaml` AST rather than plain JS values so that every
 * diagnostic lands on the exact key or value, all mistakes are reported at once, and unknown keys get a
 * "did you mean". Each schema also knows how to describe itself, which doubles as documentation.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { codes } from '../diagnostics/codes.js';
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Span } from './span.js';
import { spanOf, type YamlFile } from './yaml-file.js';

export interface Ctx {
  y: YamlFile;
  bag: DiagnosticBag;
  /** The key being parsed: where to point when its value is missing (`key:` with nothing after it). */
  key?: YamlNode;
}

export interface Schema<T> {
  describe: string;
  parse(node: YamlNode | null | undefined, ctx: Ctx): T | undefined;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

/** `key:` with nothing after it parses as an empty, zero-width null scalar rather than a missing node. */
function isAbsent(node: YamlNode | null | undefined): boolean {
  return node == null || (isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1]);
}

function kindOf(node: YamlNode | null | undefined): string {
  if (isAbsent(node)) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `the string '${v.length > 40 ? v.slice(0, 40) + '…' : v}'`;
    return `${typeof v} ${String(v)}`;
  }
  return 'an alias';
}

export function wrongType(node: YamlNode | null | undefined, ctx: Ctx, expected: string): undefined {
  ctx.bag.add({
    code: codes.wrongType,
    severity: 'error',
    message: `expected ${expected}, got ${kindOf(node)}`,
    file: ctx.y.file,
    ...rangeOf(ctx, node),
  });
  return undefined;
}

export function rangeOf(ctx: Ctx, node: YamlNode | null | undefined): Pick<Span, 'start' | 'end'> {
  const s = spanOf(ctx.y, isAbsent(node) ? (ctx.key ?? node) : node);
  return { start: s.start, end: s.end };
}

function scalar<T>(describe: string, test: (v: unknown) => v is T): Schema<T> {
  return {
    describe,
    parse(node, ctx) {
      if (isScalar(node) && test(node.value)) return node.value;
      return wrongType(node, ctx, describe);
    },
  };
}

export const str = (): Schema<string> => scalar('a string', (v): v is string => typeof v === 'string');
export const num = (): Schema<number> => scalar('a number', (v): v is number => typeof v === 'number');
export const bool = (): Schema<boolean> => scalar('true or false', (v): v is boolean => typeof v === 'boolean');
export const int = (min = 0): Schema<number> =>
  scalar(`a whole number >= ${min}`, (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min);

/** A string scalar, also accepting numbers and booleans as their text (`version: 1.0` is a string to us). */
export const text = (): Schema<string> => ({
  describe: 'a string',
  parse(node, ctx) {
    if (isScalar(node) && ['string', 'number', 'boolean'].includes(typeof node.value)) return String(node.value);
    return wrongType(node, ctx, 'a string');
  },
});

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  const describe = `one of ${values.map((v) => `'${v}'`).join(', ')}`;
  return {
    describe,
    parse(node, ctx) {
      if (isScalar(node) && typeof node.value === 'string' && (values as readonly string[]).includes(node.value)) {
        return node.value as T;
      }
      const hint = isScalar(node) && typeof node.value === 'string' ? didYouMean(node.value, values) : undefined;
      ctx.bag.add({
        code: codes.badValue,
        severity: 'error',
        message: `expected ${describe}, got ${kindOf(node)}`,
        file: ctx.y.file,
        ...rangeOf(ctx, node),
        hint,
      });
      return undefined;
    },
  };
}

export function list<T>(item: Schema<T>): Schema<T[]> {
  return {
    describe: `a list of ${item.describe}`,
    parse(node, ctx) {
      if (!isSeq(node)) return wrongType(node, ctx, `a list of ${item.describe}`);
      const out: T[] = [];
      for (const child of node.items) {
        // An empty item (`-` alone) is located at itself, not at the list's key.
        const v = item.parse(child as YamlNode, { ...ctx, key: undefined });
        if (v !== undefined) out.push(v);
      }
      return out;
    },
  };
}

/** A single value or a list of them (`tags: nightly` or `tags: [a, b]`), always returned as a list. */
export function oneOrMany<T>(item: Schema<T>): Schema<T[]> {
  const many = list(item);
  return {
    describe: `${item.describe} or a list of them`,
    parse(node, ctx) {
      if (isSeq(node)) return many.parse(node, ctx);
      const v = item.parse(node, ctx);
      return v === undefined ? undefined : [v];
    },
  };
}

/** A mapping with free keys (`vars`, `targets`): returns entries with their key spans. */
export function record<T>(value: Schema<T>): Schema<Map<string, { value: T; keySpan: Span }>> {
  return {
    describe: `a mapping of names to ${value.describe}`,
    parse(node, ctx) {
      if (!isMap(node)) return wrongType(node, ctx, this.describe);
      const out = new Map<string, { value: T; keySpan: Span }>();
      for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
        const key = String((pair.key as Scalar)?.value ?? '');
        const v = value.parse(pair.value, { ...ctx, key: pair.key });
        if (v !== undefined) out.set(key, { value: v, keySpan: spanOf(ctx.y, pair.key) });
      }
      return out;
    },
  };
}

/** Any YAML value as plain JS (for `vars`). */
export const anyValue = (): Schema<unknown> => ({
  describe: 'any value',
  parse(node) {
    return node == null ? null : (node.toJSON() as unknown);
  },
});

type Shape = Record<string, Schema<unknown>>;
type ObjOut<S extends Shape, R extends keyof S> = { [K in R]: Infer<S[K]> } & {
  [K in Exclude<keyof S, R>]?: Infer<S[K]>;
} & { span: Span; keySpans: Record<string, Span> };

/** A mapping with known keys. Unknown keys are errors with the closest valid key suggested. */
export function obj<S extends Shape, R extends keyof S = never>(
  shape: S,
  opts: { required?: readonly R[]; name?: string } = {},
): Schema<ObjOut<S, R>> {
  const required = (opts.required ?? []) as readonly string[];
  const describe = opts.name ?? 'a mapping';
  return {
    describe,
    parse(node, ctx) {
      if (!isMap(node)) return wrongType(node, ctx, describe);
      const out: Record<string, unknown> = { span: spanOf(ctx.y, node), keySpans: {} };
      let ok = true;
      for (const pair of node.items as Pair<YamlNode, YamlNode>[]) {
        const key = String((pair.key as Scalar)?.value ?? '');
        const schema = shape[key];
        (out.keySpans as Record<string, Span>)[key] = spanOf(ctx.y, pair.key);
        if (!schema) {
          ctx.bag.add({
            code: codes.unknownKey,
            severity: 'error',
            message: `unknown key '${key}'${opts.name ? ` in ${opts.name}` : ''}`,
            file: ctx.y.file,
            ...rangeOf(ctx, pair.key),
            hint: didYouMean(key, Object.keys(shape)) ?? `valid keys: ${Object.keys(shape).join(', ')}`,
          });
          ok = false;
          continue;
        }
        const v = schema.parse(pair.value, { ...ctx, key: pair.key });
        if (v === undefined) ok = false;
        else out[key] = v;
      }
      for (const key of required) {
        if (!(key in out) && !node.items.some((p) => String((p.key as Scalar)?.value) === key)) {
          ctx.bag.add({
            code: codes.missingKey,
            severity: 'error',
            message: `missing required key '${key}'${opts.name ? ` in ${opts.name}` : ''}`,
            file: ctx.y.file,
            ...rangeOf(ctx, node),
          });
          ok = false;
        }
      }
      return ok ? (out as ObjOut<S, R>) : undefined;
    },
  };
}

/** Chooses a schema by the YAML node's form: a scalar, a list or a mapping. */
export function byForm<A = never, B = never, C = never>(forms: { scalar?: Schema<A>; seq?: Schema<B>; map?: Schema<C> }): Schema<A | B | C> {
  const names = [forms.scalar?.describe, forms.seq?.describe, forms.map?.describe].filter(Boolean);
  const describe = names.join(' or ');
  return {
    describe,
    parse(node, ctx) {
      if (isScalar(node) && forms.scalar) return forms.scalar.parse(node, ctx);
      if (isSeq(node) && forms.seq) return forms.seq.parse(node, ctx);
      if (isMap(node) && forms.map) return forms.map.parse(node, ctx);
      return wrongType(node, ctx, describe);
    },
  };
}

/** Passes the raw node to a custom parser, for shapes the combinators do not express (one-key test maps). */
export function custom<T>(describe: string, parse: (node: YamlNode | null | undefined, ctx: Ctx) => T | undefined): Schema<T> {
  return { describe, parse };
}
