/**
 * Renders a model's Handlebars template by walking Handlebars' own AST instead of compiling it to a JS
 * function: one parse per file and no code generation keeps compiles of thousands of models fast, and every
 * node carries its line and column, so a mistake is reported inside the `.sql` file. Strict: an unknown
 * helper or variable is an error, never an empty string.
 */
import Handlebars from 'handlebars';

type AstNode = hbs.AST.Node;
export type TemplateValue = string | number | boolean | null | undefined | Record<string, unknown> | unknown[];
export type Helper = (args: TemplateValue[], hash: Record<string, TemplateValue>) => TemplateValue;

export class TemplateError extends Error {
  constructor(message: string, readonly line: number, readonly col: number, readonly hint?: string) {
    super(message);
  }
}

export interface TemplateScope {
  helpers: Record<string, Helper>;
  /** Bare names usable in `{{name}}` or `{{#if name}}` (`this`, `is_incremental`). */
  variables: Record<string, TemplateValue>;
}

export function parseTemplate(text: string): hbs.AST.Program {
  try {
    return Handlebars.parse(text);
  } catch (e) {
    // Handlebars parse errors read "Parse error on line N:\n<excerpt>\n---^\nExpecting ..., got 'EOF'"; block
    // mismatches ("if doesn't match each - 2:3") carry lineNumber/column (0-based) instead.
    const err = e as Error & { lineNumber?: number; column?: number };
    const lines = err.message.split('\n');
    const m = /line (\d+)/.exec(lines[0]);
    const got = /got '([^']+)'$/.exec(lines.find((l) => l.startsWith('Expecting')) ?? '')?.[1];
    const detail = got
      ? `unexpected ${got === 'EOF' ? 'end of file' : `'${got}'`}`
      : lines[0].replace(/^(Parse|Lexical) error on line \d+[:.]\s*/, '').replace(/ - \d+:\d+$/, '') || err.message;
    const line = err.lineNumber ?? (m ? Number(m[1]) : 1);
    const col = err.lineNumber !== undefined && err.column !== undefined ? err.column + 1 : 1;
    throw new TemplateError(`template syntax error: ${detail}`, line, col, 'check the {{ }} tags: each needs a closing }}, blocks need {{/name}}');
  }
}

export function renderTemplate(program: hbs.AST.Program, scope: TemplateScope, names: () => string[]): string {
  return new Renderer(scope, names).program(program, scope.variables);
}

class Renderer {
  constructor(private scope: TemplateScope, private names: () => string[]) {}

  program(p: hbs.AST.Program | undefined, ctx: Record<string, TemplateValue>): string {
    if (!p) return '';
    let out = '';
    for (const s of p.body) out += this.statement(s, ctx);
    return out;
  }

  private fail(node: AstNode, message: string, hint?: string): never {
    throw new TemplateError(message, node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1, hint);
  }

  private statement(s: hbs.AST.Statement, ctx: Record<string, TemplateValue>): string {
    switch (s.type) {
      case 'ContentStatement':
        return (s as hbs.AST.ContentStatement).value;
      case 'CommentStatement':
        return '';
      case 'MustacheStatement': {
        const m = s as hbs.AST.MustacheStatement;
        return stringify(this.invoke(m.path as hbs.AST.PathExpression, m.params, m.hash, ctx, m));
      }
      case 'BlockStatement':
        return this.block(s as hbs.AST.BlockStatement, ctx);
      default:
        return this.fail(s, `${s.type.replace('Statement', '').toLowerCase()}s are not supported in Cible templates`);
    }
  }

  private block(b: hbs.AST.BlockStatement, ctx: Record<string, TemplateValue>): string {
    const name = (b.path as hbs.AST.PathExpression).original;
    const arg = b.params[0] ? this.expr(b.params[0], ctx) : undefined;
    switch (name) {
      case 'if':
        return truthy(arg) ? this.program(b.program, ctx) : this.program(b.inverse, ctx);
      case 'unless':
        return !truthy(arg) ? this.program(b.program, ctx) : this.program(b.inverse, ctx);
      case 'each': {
        if (!Array.isArray(arg) || arg.length === 0) return this.program(b.inverse, ctx);
        return arg.map((item, i) => this.program(b.program, { ...ctx, this: item as TemplateValue, '@index': i, '@last': i === arg.length - 1, '@first': i === 0 })).join('');
      }
      default:
        return this.fail(b, `unknown block helper '#${name}'`, 'blocks: #if, #unless, #each');
    }
  }

  private invoke(path: hbs.AST.PathExpression | hbs.AST.Literal, params: hbs.AST.Expression[], hash: hbs.AST.Hash | undefined, ctx: Record<string, TemplateValue>, node: AstNode): TemplateValue {
    if (path.type !== 'PathExpression') return this.expr(path as hbs.AST.Expression, ctx);
    const p = path as hbs.AST.PathExpression;
    // Own properties only: `{{constructor}}` or `{{toString "x"}}` must be unknown, not Object.prototype members.
    const helper = Object.hasOwn(this.scope.helpers, p.original) ? this.scope.helpers[p.original] : undefined;
    if (helper) {
      const args = params.map((x) => this.expr(x, ctx));
      const h: Record<string, TemplateValue> = {};
      for (const pair of hash?.pairs ?? []) h[pair.key] = this.expr(pair.value, ctx);
      try {
        return helper(args, h);
      } catch (e) {
        if (e instanceof HelperError) this.fail(node, e.message, e.hint);
        throw e;
      }
    }
    if (params.length) this.fail(node, `unknown helper '${p.original}'`, suggest(p.original, this.names()));
    return this.expr(p, ctx);
  }

  private expr(e: hbs.AST.Expression, ctx: Record<string, TemplateValue>): TemplateValue {
    switch (e.type) {
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return (e as hbs.AST.StringLiteral).value;
      case 'NullLiteral':
      case 'UndefinedLiteral':
        return null;
      case 'SubExpression': {
        const s = e as hbs.AST.SubExpression;
        return this.invoke(s.path as hbs.AST.PathExpression, s.params, s.hash, ctx, s);
      }
      case 'PathExpression': {
        const p = e as hbs.AST.PathExpression;
        // Handlebars drops `this` from `parts` (`this.name` -> ['name']), so `original` tells `this.name` from `name`.
        const self = p.parts.length === 0 || /^(this|\.)[./]/.test(p.original) || p.original === 'this';
        const key = p.data ? `@${p.parts[0]}` : self ? 'this' : p.parts[0];
        if (!Object.hasOwn(ctx, key)) {
          if (Object.hasOwn(this.scope.helpers, p.original)) return this.invoke(p, [], undefined, ctx, p);
          this.fail(p, `unknown variable or helper '${p.original}'`, suggest(p.original, this.names()));
        }
        let v: TemplateValue = ctx[key];
        for (const part of p.parts.slice(self && !p.data ? 0 : 1)) {
          v = v && typeof v === 'object' ? ((v as Record<string, TemplateValue>)[part] as TemplateValue) : undefined;
        }
        return v;
      }
      default:
        return this.fail(e, `unsupported expression ${e.type}`);
    }
  }
}

/** Thrown by a helper for a user mistake (unknown ref, missing var); located at the calling tag. */
export class HelperError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

function suggest(word: string, names: string[]): string {
  // Lazy import would cost more than it saves here; the list is tiny.
  const close = names.filter((n) => n.startsWith(word.slice(0, 2)));
  return close.length ? `available: ${close.join(', ')}` : `available: ${names.join(', ')}`;
}

function truthy(v: TemplateValue): boolean {
  return Array.isArray(v) ? v.length > 0 : !!v;
}

function stringify(v: TemplateValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
