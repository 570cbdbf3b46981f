/** The Handlebars AST renderer: helpers, blocks, comments, and located (1-based) errors. */
import { describe, expect, it } from 'vitest';
import { HelperError, parseTemplate, renderTemplate, TemplateError, type Helper, type TemplateScope, type TemplateValue } from '../../src/compile/template.js';

const helpers: Record<string, Helper> = {
  ref: (args) => `"main"."${String(args[0])}"`,
  source: (args) => `"${String(args[0])}"."${String(args[1])}"`,
  upper: (args) => String(args[0]).toUpperCase(),
  join: (args, hash) => args.map(String).join(String(hash.sep ?? ',')),
  fail: () => {
    throw new HelperError('nope, said the helper', 'try again');
  },
  boom: () => {
    throw new TypeError('a bug in a helper');
  },
};

function render(text: string, variables: Record<string, TemplateValue> = {}): string {
  const scope: TemplateScope = { helpers, variables };
  return renderTemplate(parseTemplate(text), scope, () => [...Object.keys(helpers), ...Object.keys(variables)]);
}

function errorOf(text: string, variables: Record<string, TemplateValue> = {}): TemplateError {
  try {
    render(text, variables);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected an error rendering ${JSON.stringify(text)}`);
}

describe('renderTemplate', () => {
  it('leaves plain SQL untouched, HTML-sensitive characters included', () => {
    expect(render("select '<a & b>' as x -- \"quoted\"\n")).toBe("select '<a & b>' as x -- \"quoted\"\n");
  });

  it('calls helpers with string, number and boolean arguments and hash arguments', () => {
    expect(render('select * from {{ref "orders"}} join {{source "shop" "customers"}}')).toBe('select * from "main"."orders" join "shop"."customers"');
    expect(render('{{join 1 true "x" sep=" | "}}')).toBe('1 | true | x');
    expect(render('{{join "a" "b"}}')).toBe('a,b');
  });

  it('does not HTML-escape helper output, in double or triple braces', () => {
    expect(render(`{{upper "a<b>&'c"}} {{{upper "d&e"}}}`)).toBe(`A<B>&'C D&E`);
  });

  it('supports sub-expressions', () => {
    expect(render('{{ref (upper "orders")}}')).toBe('"main"."ORDERS"');
  });

  it('renders variables, nested paths and missing nested keys as empty', () => {
    const vars = { target: { name: 'dev', schema: 'analytics' }, n: 3 };
    expect(render('{{target.name}}.{{target.schema}} {{n}} [{{target.missing}}]', vars)).toBe('dev.analytics 3 []');
  });

  it('{{#if is_incremental}}...{{else}}...{{/if}} picks the right branch', () => {
    const t = 'select * from src\n{{#if is_incremental}}where ts > (select max(ts) from {{this}}){{else}}-- full{{/if}}\n';
    expect(render(t, { is_incremental: true, this: '"main"."m"' })).toBe('select * from src\nwhere ts > (select max(ts) from "main"."m")\n');
    expect(render(t, { is_incremental: false, this: '"main"."m"' })).toBe('select * from src\n-- full\n');
  });

  it('{{#unless}} and helper calls inside a block condition', () => {
    expect(render('{{#unless flag}}off{{else}}on{{/unless}}', { flag: false })).toBe('off');
    expect(render('{{#if (upper "x")}}yes{{/if}}')).toBe('yes');
    expect(render('{{#if list}}some{{else}}none{{/if}}', { list: [] })).toBe('none');
  });

  it('{{#each}} over a list with this, @index, @first and @last', () => {
    const t = 'select {{#each cols}}{{#if @first}}/*first*/{{/if}}{{this}} as c{{@index}}{{#unless @last}}, {{/unless}}{{/each}} from t';
    expect(render(t, { cols: ['a', 'b', 'c'] })).toBe('select /*first*/a as c0, b as c1, c as c2 from t');
  });

  it('{{#each}} over objects reads this.field, and keeps outer variables visible', () => {
    const t = '{{#each cols}}{{this.name}}:{{this.type}}@{{schema}} {{/each}}';
    expect(render(t, { schema: 's', cols: [{ name: 'id', type: 'int' }, { name: 'at', type: 'date' }] })).toBe('id:int@s at:date@s ');
  });

  it('{{#each}} over an empty list or a non-list renders its {{else}}', () => {
    const t = '{{#each xs}}{{this}}{{else}}none{{/each}}';
    expect(render(t, { xs: [] })).toBe('none');
    expect(render(t, { xs: null })).toBe('none');
    expect(render(t, { xs: [1, 2] })).toBe('12');
  });

  it('drops comments of both forms, even ones containing }}', () => {
    expect(render('a{{! short }}b{{!-- long {{ref "x"}} --}}c')).toBe('abc');
  });

  it('keeps whitespace control ~ working', () => {
    expect(render('a  {{~upper "b"~}}  c')).toBe('aBc');
  });
});

describe('template errors are located, 1-based', () => {
  it('unknown helper called with arguments', () => {
    const e = errorOf('select\n  {{macro "x"}} as y');
    expect(e.message).toBe("unknown helper 'macro'");
    expect([e.line, e.col]).toEqual([2, 3]);
    expect(e.hint).toContain('ref');
  });

  it('unknown variable or helper without arguments', () => {
    const e = errorOf('select 1\nfrom t\nwhere {{nope}} = 1');
    expect(e.message).toBe("unknown variable or helper 'nope'");
    expect([e.line, e.col]).toEqual([3, 9]);
  });

  it('an unknown variable inside a block is located inside it', () => {
    const e = errorOf('{{#if is_incremental}}\n  and {{missing_var}}\n{{/if}}', { is_incremental: true });
    expect([e.line, e.col]).toEqual([2, 9]);
    // The branch not taken is not evaluated, as in Handlebars.
    expect(render('{{#if is_incremental}}{{missing_var}}{{/if}}ok', { is_incremental: false })).toBe('ok');
  });

  it('Object.prototype members are not variables or helpers', () => {
    expect(errorOf('{{constructor}}').message).toBe("unknown variable or helper 'constructor'");
    expect(errorOf('{{toString "x"}}').message).toBe("unknown helper 'toString'");
  });

  it('a HelperError is located at the calling tag with its hint', () => {
    const e = errorOf('a\nb {{fail 1}}');
    expect(e.message).toBe('nope, said the helper');
    expect(e.hint).toBe('try again');
    expect([e.line, e.col]).toEqual([2, 3]);
  });

  it('any other error from a helper is a bug and passes through unchanged', () => {
    expect(() => render('{{boom}}')).toThrow(TypeError);
  });

  it('unknown block helpers and partials are rejected', () => {
    const e = errorOf('x\n{{#with a}}y{{/with}}', { a: 1 });
    expect(e.message).toBe("unknown block helper '#with'");
    expect([e.line, e.col]).toEqual([2, 1]);
    expect(errorOf('{{> header}}').message).toBe('partials are not supported in Cible templates');
  });
});

describe('parseTemplate syntax errors', () => {
  const syntaxError = (text: string): TemplateError => {
    try {
      parseTemplate(text);
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      return e as TemplateError;
    }
    throw new Error('expected a syntax error');
  };

  it('an unclosed tag says so, at its line', () => {
    const e = syntaxError('select 1\nfrom {{ref "a"\n');
    expect(e.message).toBe('template syntax error: unexpected end of file');
    expect(e.line).toBe(2);
    expect(e.hint).toContain('closing }}');
  });

  it('a half-closed tag names the unexpected token', () => {
    const e = syntaxError('select {{ref "a"}\nfrom x');
    expect(e.message).toBe("template syntax error: unexpected 'INVALID'");
    expect(e.line).toBe(1);
  });

  it('a mismatched block is located at the opening block name', () => {
    const e = syntaxError('select 1\n{{#if x}}\n{{/each}}');
    expect(e.message).toBe("template syntax error: if doesn't match each");
    expect([e.line, e.col]).toEqual([2, 4]);
  });

  it('an unclosed block', () => {
    const e = syntaxError('a\n{{#if x}}b');
    expect(e.message).toBe('template syntax error: unexpected end of file');
    expect(e.line).toBe(2);
  });

  it('never produces an empty message', () => {
    for (const t of ['{{', '{{#if}}', '{{/if}}', '{{{a}}', 'a {{!-- x', '{{ref "a" }}}']) {
      let msg: string | undefined;
      try {
        parseTemplate(t);
      } catch (e) {
        msg = (e as Error).message;
      }
      if (msg !== undefined) expect(msg).toMatch(/^template syntax error: \S/);
    }
  });
});
