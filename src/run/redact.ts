/** Replaces every secret value with `****`, so no output or artifact ever carries one. */
export function makeRedactor(secrets: string[]): (s: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  if (!list.length) return (s) => s;
  return (s) => {
    let out = s;
    for (const secret of list) out = out.split(secret).join('****');
    return out;
  };
}
