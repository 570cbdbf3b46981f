import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duckProject, makeProject, runCli } from '../helpers/cli.js';

describe('the compile cache keyed by file content', () => {
  it('reuses unchanged files and picks up every edit, even with a corrupt cache', () => {
    const dir = makeProject({
      'project.yml': duckProject(),
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select * from {{ref "a"}}',
      'models/schema.yml': 'models:\n  - name: a\n    description: first\n',
    });
    const manifest = () => JSON.parse(readFileSync(join(dir, 'target', 'manifest.json'), 'utf8'));
    expect(runCli(['compile'], { cwd: dir }).code).toBe(0);
    expect(manifest().nodes['model.a'].description).toBe('first');
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, 'target', 'cache', 'parse.json'), 'utf8')))).toContain('first');

    writeFileSync(join(dir, 'models/schema.yml'), 'models:\n  - name: a\n    description: second\n    materialized: table\n');
    writeFileSync(join(dir, 'models/b.sql'), 'select id + 1 as id from {{ref "a"}}');
    expect(runCli(['compile'], { cwd: dir }).code).toBe(0);
    expect(manifest().nodes['model.a'].description).toBe('second');
    expect(manifest().nodes['model.a'].model.materialized).toBe('table');
    expect(readFileSync(join(dir, 'target', 'compiled', 'models', 'b.sql'), 'utf8')).toContain('id + 1');

    // A cached file with a mistake introduced later must be re-validated, not served from the cache.
    writeFileSync(join(dir, 'models/schema.yml'), 'models:\n  - name: a\n    materialised: table\n');
    const bad = runCli(['compile'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("models/schema.yml:3:5: error E002: unknown key 'materialised'");

    writeFileSync(join(dir, 'target', 'cache', 'parse.json'), '{not json');
    writeFileSync(join(dir, 'models/schema.yml'), 'models:\n  - name: a\n    description: third\n');
    expect(runCli(['compile'], { cwd: dir }).code).toBe(0);
    expect(manifest().nodes['model.a'].description).toBe('third');
  });
});
