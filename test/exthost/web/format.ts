// console.log's formatting of a reporter line (mocha's reporters call it printf-style: "%s", "%d"), without
// Node's util, which the web worker host does not have.
export function format(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string') return args.map(String).join(' ');
  let used = 0;
  const text = first.replace(/%[sdifjoO%]/g, (token) => {
    if (token === '%%') return '%';
    if (used >= rest.length) return token;
    const value = rest[used++];
    if (token === '%d' || token === '%i') return String(Number.parseInt(String(value), 10));
    if (token === '%f') return String(Number(value));
    if (token === '%j' || token === '%o' || token === '%O') return JSON.stringify(value);
    return String(value);
  });
  return [text, ...rest.slice(used).map(String)].join(' ');
}
