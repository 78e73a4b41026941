// `mocha` for the web variant of the extension-host suite: the suites import describe/it/... from
// 'mocha'; in the browser build those are the globals mocha.setup() defines (index.ts). Each export stands
// for its global, looked up when it is called or read (`it.skip` too), since the suites load after setup.
type Globals = Pick<Mocha.MochaGlobals, 'describe' | 'it' | 'before' | 'after' | 'beforeEach' | 'afterEach'>;

function late<K extends keyof Globals>(name: K): Globals[K] {
  const current = () => {
    const value = (globalThis as unknown as Partial<Globals>)[name];
    if (!value) throw new Error(`mocha's ${name} is not defined: call mocha.setup() before loading the suites`);
    return value;
  };
  return new Proxy(function standIn() {}, {
    apply: (_target, thisArg, args) => Reflect.apply(current(), thisArg, args),
    get: (_target, property) => Reflect.get(current(), property),
  }) as unknown as Globals[K];
}

export const describe = late('describe');
export const it = late('it');
export const before = late('before');
export const after = late('after');
export const beforeEach = late('beforeEach');
export const afterEach = late('afterEach');
