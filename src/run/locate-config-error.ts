/**
 * Points a misconfiguration met while running at the YAML to fix: a schema (dataset) that does not exist at the
 * source, model or seed declaring it; any other setting at its line in project.yml.
 */
import type { WarehouseConfigError } from '../warehouse/warehouse-config-error.js';
import type { Prepared } from './prepare.js';

const order = ['source', 'model', 'seed'];

export function locateConfigError(e: WarehouseConfigError, p: Prepared): WarehouseConfigError {
  if (e.setting === 'schema' && e.schema) {
    const wanted = e.schema.toLowerCase();
    const naming = Object.values(p.compiled.manifest.nodes)
      .filter((n) => n.relation?.schema?.toLowerCase() === wanted && order.includes(n.type))
      .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.id.localeCompare(b.id));
    if (naming.length) return e.at(naming[0].span);
  }
  return e.locate(p.target.spans);
}
