/**
 * Node selection, dbt-style: `name`, `+name`, `name+`, `2+name`, `name+1`, `@name`, `tag:x`,
 * `path:models/dir`, `type:model`, `source:shop.orders`, `*` wildcards; a space is a union, a comma an
 * intersection. A term that matches nothing is an error (a silent empty run hides typos).
 */
import { codes } from '../diagnostics/codes.js';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Dag } from './dag.js';

export interface SelectableNode {
  id: string;
  name: string;
  type: string;
  tags: string[];
  path: string;
  /** For sources: `shop.orders`. */
  qualifiedName?: string;
}

export const nodeTypes = ['model', 'seed', 'source', 'test', 'profile', 'segment', 'kpi', 'sync'] as const;
const methods = ['tag', 'path', 'type', 'source', 'name'] as const;

interface Atom {
  method: (typeof methods)[number];
  value: string;
  up: number;
  down: number;
  at: boolean;
  col: number;
  text: string;
}

export function parseSelector(text: string, flag: string): Atom[][] {
  const diags: Diagnostic[] = [];
  const union: Atom[][] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const inter: Atom[] = [];
    let offset = m.index;
    for (const part of m[0].split(',')) {
      const col = offset + 1;
      offset += part.length + 1;
      const atom = parseAtom(part, col);
      if (typeof atom === 'string') {
        diags.push({ code: codes.badSelector, severity: 'error', file: flag, start: { line: 1, col }, end: { line: 1, col: col + part.length }, message: `invalid selector '${part}': ${atom}`, hint: 'forms: name, +name, name+, 2+name, @name, tag:x, path:models/dir, type:model' });
      } else inter.push(atom);
    }
    union.push(inter);
  }
  if (diags.length) throw new UserError(diags);
  return union;
}

function parseAtom(part: string, col: number): Atom | string {
  if (!part) return 'empty term (two commas, or a trailing comma)';
  let body = part;
  let at = false;
  let up = 0;
  let down = 0;
  if (body.startsWith('@')) {
    at = true;
    body = body.slice(1);
  } else {
    const mu = /^(\d*)\+/.exec(body);
    if (mu) {
      up = mu[1] ? Number(mu[1]) : Infinity;
      body = body.slice(mu[0].length);
    }
  }
  const md = /\+(\d*)$/.exec(body);
  if (md) {
    down = md[1] ? Number(md[1]) : Infinity;
    body = body.slice(0, md.index);
  }
  if (!body) return 'no node name';
  let method: Atom['method'] = 'name';
  let value = body;
  const colon = body.indexOf(':');
  if (colon >= 0) {
    const name = body.slice(0, colon);
    if (!(methods as readonly string[]).includes(name)) {
      return `unknown method '${name}'${didYouMean(name, methods) ? ` (${didYouMean(name, methods)})` : ''}`;
    }
    method = name as Atom['method'];
    value = body.slice(colon + 1);
    if (!value) return `'${name}:' needs a value`;
  }
  if (/[+@]/.test(value)) return `unexpected '+' or '@' inside '${value}'`;
  if (method === 'type' && !(nodeTypes as readonly string[]).includes(value)) {
    return `unknown type '${value}'${didYouMean(value, nodeTypes) ? ` (${didYouMean(value, nodeTypes)})` : ''}; types: ${nodeTypes.join(', ')}`;
  }
  if (at && (up || down)) return `'@' cannot be combined with '+'`;
  return { method, value, up, down, at, col, text: part };
}

function globToRegex(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

function matches(atom: Atom, n: SelectableNode): boolean {
  switch (atom.method) {
    case 'name':
      return globToRegex(atom.value).test(n.name) || (!!n.qualifiedName && globToRegex(atom.value).test(n.qualifiedName));
    case 'tag':
      return n.tags.some((t) => globToRegex(atom.value).test(t));
    case 'path': {
      const v = atom.value.replace(/\/+$/, '');
      return n.path === v || n.path.startsWith(v + '/') || globToRegex(v).test(n.path);
    }
    case 'type':
      return n.type === atom.value;
    case 'source':
      return n.type === 'source' && (n.qualifiedName === atom.value || n.qualifiedName!.startsWith(atom.value + '.'));
  }
}

/** Resolves `--select` / `--exclude` to a set of node ids. `select` undefined means every node. */
export function selectNodes(
  nodes: SelectableNode[],
  dag: Dag,
  select: string | undefined,
  exclude: string | undefined,
): Set<string> {
  const all = new Set(nodes.map((n) => n.id));
  let chosen = select?.trim() ? evaluate(parseSelector(select, '--select'), nodes, dag, '--select') : all;
  if (exclude?.trim()) {
    const ex = evaluate(parseSelector(exclude, '--exclude'), nodes, dag, '--exclude');
    chosen = new Set([...chosen].filter((id) => !ex.has(id)));
  }
  return chosen;
}

function evaluate(union: Atom[][], nodes: SelectableNode[], dag: Dag, flag: string): Set<string> {
  const out = new Set<string>();
  const diags: Diagnostic[] = [];
  for (const inter of union) {
    let acc: Set<string> | undefined;
    for (const atom of inter) {
      const direct = nodes.filter((n) => matches(atom, n)).map((n) => n.id);
      if (direct.length === 0) {
        const pool = atom.method === 'tag' ? nodes.flatMap((n) => n.tags) : nodes.map((n) => n.name);
        diags.push({
          code: codes.badSelector, severity: 'error', file: flag, start: { line: 1, col: atom.col }, end: { line: 1, col: atom.col + atom.text.length },
          message: `selector '${atom.text}' matches no node`, hint: didYouMean(atom.value, new Set(pool)) ?? 'run `cible ls` to see the node names',
        });
        continue;
      }
      const set = new Set<string>();
      for (const id of direct) {
        set.add(id);
        // `@name` is dbt's "childrens' parents": the node's own ancestors count too, even when it has no children.
        if (atom.up || atom.at) for (const a of dag.walk(id, 'up', atom.at ? Infinity : atom.up)) set.add(a);
        if (atom.down || atom.at) {
          for (const d of dag.walk(id, 'down', atom.at ? Infinity : atom.down)) {
            set.add(d);
            if (atom.at) for (const a of dag.walk(d, 'up')) set.add(a);
          }
        }
      }
      acc = acc ? new Set([...acc].filter((x) => set.has(x))) : set;
    }
    for (const id of acc ?? []) out.add(id);
  }
  if (diags.length) throw new UserError(diags);
  return out;
}
