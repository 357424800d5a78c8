// createAuth's reading of the config JSON Schema (./schema.ts): the 2020-12 keywords that schema
// uses, with their standard meaning (a keyword for one JSON type ignores values of another), so
// that its verdict is ajv's. What it adds is the wording: each problem names its path and what was
// expected (a node's `title`, else a description built from its keywords).
import type { JsonSchema } from './schema-parts.js';

/** One reason a value does not fit, at `path` below the root. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Path = readonly (string | number)[];
type Node = { readonly [keyword: string]: unknown };

/** Every problem of `value` against `root` (empty when it fits). */
export function validate(root: JsonSchema, value: unknown): Problem[] {
  const resolve = (node: Node): Node => {
    if (typeof node.$ref !== 'string') return node;
    const name = node.$ref.replace(/^#\/\$defs\//, '');
    const target = (root.$defs as Readonly<Record<string, Node>>)[name];
    if (target === undefined) throw new Error(`config schema: no $defs entry ${name}`);
    return target;
  };
  const fits = (node: Node, item: unknown): boolean => check(node, item, []).length === 0;

  const describe = (node: Node): string => {
    if (typeof node.title === 'string') return node.title;
    if (typeof node.$ref === 'string') return describe(resolve(node));
    if ('const' in node) return JSON.stringify(node.const);
    if (Array.isArray(node.enum)) return `one of ${node.enum.map((item) => JSON.stringify(item)).join(', ')}`;
    const not = node.not as Node | undefined;
    if (not !== undefined && Array.isArray(not.enum)) return `a value other than ${not.enum.map((item) => JSON.stringify(item)).join(', ')}`;
    const branches = (node.anyOf ?? node.oneOf) as readonly Node[] | undefined;
    if (branches !== undefined) return list(branches.map(describe), 'or');
    if (Array.isArray(node.required) && node.type === undefined) return list(requiredNames(node), 'and');
    switch (node.type) {
      case 'string':
        return typeof node.minLength === 'number' && node.minLength > 0 ? 'a non-empty string' : 'a string';
      case 'integer':
        return 'a whole number';
      case 'number':
        return node.exclusiveMinimum === 0 ? 'a positive number' : node.minimum === 0 ? 'a number of 0 or more' : 'a number';
      case 'boolean':
        return 'true or false';
      case 'array':
        return typeof node.minItems === 'number' && node.minItems > 0 ? 'a non-empty array' : 'an array';
      case 'object':
        return 'an object';
      default:
        return 'a value';
    }
  };

  function check(node: Node, item: unknown, path: Path): Problem[] {
    const at = (message: string, where: Path = path): Problem[] => [{ path: where, message }];
    const expected = (): Problem[] => at(`expected ${describe(node)}`);
    if (node.type !== undefined && !hasType(item, node.type as string)) return expected();
    if ('const' in node && !equal(node.const, item)) return expected();
    if (Array.isArray(node.enum) && !node.enum.some((option) => equal(option, item))) return expected();
    if (typeof item === 'string') {
      const length = [...item].length;
      if (typeof node.minLength === 'number' && length < node.minLength) return expected();
      if (typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(item)) return expected();
    }
    if (typeof item === 'number') {
      if (typeof node.minimum === 'number' && item < node.minimum) return expected();
      if (typeof node.maximum === 'number' && item > node.maximum) return expected();
      if (typeof node.exclusiveMinimum === 'number' && item <= node.exclusiveMinimum) return expected();
    }
    const problems: Problem[] = [];
    if (isObject(item)) problems.push(...checkObject(node, item, path));
    if (Array.isArray(item)) {
      if (typeof node.minItems === 'number' && item.length < node.minItems) return expected();
      if (node.uniqueItems === true && item.some((element, index) => item.findIndex((other) => equal(other, element)) !== index)) return expected();
      const items = node.items as Node | undefined;
      if (items !== undefined) item.forEach((element, index) => problems.push(...check(items, element, [...path, index])));
    }
    if (typeof node.$ref === 'string') problems.push(...check(resolve(node), item, path));
    for (const part of (node.allOf ?? []) as readonly Node[]) problems.push(...check(part, item, path));
    if (Array.isArray(node.anyOf) && !node.anyOf.some((branch: Node) => fits(branch, item))) problems.push(...expected());
    if (Array.isArray(node.oneOf)) problems.push(...checkOneOf(node, node.oneOf as readonly Node[], item, path));
    const not = node.not as Node | undefined;
    if (not !== undefined && fits(not, item)) {
      const names = requiredNames(not);
      problems.push(...(names.length > 0 && Object.keys(not).length === 1
        ? at(`expected ${list(names, 'or')}, not both`, [...path, names.at(-1) ?? ''])
        : at(`expected ${typeof node.title === 'string' ? node.title : describe({ not })}`)));
    }
    if (node.if !== undefined) {
      const branch = (fits(node.if as Node, item) ? node.then : node.else) as Node | undefined;
      if (branch !== undefined) problems.push(...check(branch, item, path));
    }
    return problems;
  }

  function checkObject(node: Node, item: Readonly<Record<string, unknown>>, path: Path): Problem[] {
    const problems: Problem[] = [];
    const properties = (node.properties ?? {}) as Readonly<Record<string, Node>>;
    const required = (node.required ?? []) as readonly string[];
    for (const [name, property] of Object.entries(properties)) {
      if (Object.hasOwn(item, name)) problems.push(...check(property, item[name], [...path, name]));
      else if (required.includes(name)) problems.push({ path: [...path, name], message: `expected ${describe(property)}` });
    }
    for (const name of required) {
      if (!Object.hasOwn(properties, name) && !Object.hasOwn(item, name)) problems.push({ path: [...path, name], message: 'expected a value' });
    }
    const names = node.propertyNames as Node | undefined;
    if (names !== undefined) {
      for (const key of Object.keys(item)) if (!fits(names, key)) problems.push({ path: [...path, key], message: `expected a name that is ${describe(names)}` });
    }
    if (typeof node.minProperties === 'number' && Object.keys(item).length < node.minProperties) problems.push({ path, message: `expected ${describe(node)}` });
    const extra = Object.keys(item).filter((key) => !Object.hasOwn(properties, key));
    if (node.additionalProperties === false && extra.length > 0) problems.push(...unknownKeys(properties, extra, path));
    else if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
      for (const key of extra) problems.push(...check(node.additionalProperties as Node, item[key], [...path, key]));
    }
    return problems;
  }

  function checkOneOf(node: Node, branches: readonly Node[], item: unknown, path: Path): Problem[] {
    const key = isObject(item) ? discriminator(branches.map(resolve)) : undefined;
    if (key !== undefined && isObject(item)) {
      const chosen = branches.find((branch) => equal((resolve(branch).properties as Readonly<Record<string, Node>>)[key]?.const, item[key]));
      if (chosen !== undefined) return check(chosen, item, path);
      const options = branches.map((branch) => JSON.stringify((resolve(branch).properties as Readonly<Record<string, Node>>)[key]?.const)).join(', ');
      return [{ path: [...path, key], message: `expected ${key} to be one of ${options}` }];
    }
    const matching = branches.filter((branch) => fits(branch, item)).length;
    if (matching === 1) return [];
    const names = branches.every((branch) => Object.keys(branch).length === 1 && requiredNames(branch).length === 1) ? branches.flatMap(requiredNames) : undefined;
    if (names !== undefined) return [{ path: [...path, names[0] ?? ''], message: `expected exactly one of ${list(names, 'and')}` }];
    return [{ path, message: `expected ${matching === 0 ? '' : 'only one of '}${describe(node)}` }];
  }

  return check(root, value, []);
}

function unknownKeys(properties: Readonly<Record<string, Node>>, extra: readonly string[], path: Path): Problem[] {
  const provider = properties.provider?.const;
  if (typeof provider === 'string') {
    const known = Object.keys(properties).filter((name) => name !== 'type' && name !== 'provider').sort();
    return extra.map((key) => ({ path: [...path, key], message: `unknown option of provider "${provider}"; expected one of ${known.map((name) => `"${name}"`).join(', ')}` }));
  }
  return [{ path, message: `unknown key${extra.length > 1 ? 's' : ''} ${extra.map((key) => `"${key}"`).join(', ')}` }];
}

/** A property every branch fixes to a different constant (`type`, `in`, `provider`). */
function discriminator(branches: readonly Node[]): string | undefined {
  const first = branches[0]?.properties as Readonly<Record<string, Node>> | undefined;
  for (const key of Object.keys(first ?? {})) {
    const values = branches.map((branch) => (branch.properties as Readonly<Record<string, Node>> | undefined)?.[key]);
    if (values.every((value) => value !== undefined && 'const' in value) && new Set(values.map((value) => JSON.stringify(value?.const))).size === branches.length) return key;
  }
  return undefined;
}

/** The names a `{ required }` node asks for, nested ones dotted (`assertion.privateKey`). */
function requiredNames(node: Node): string[] {
  const properties = (node.properties ?? {}) as Readonly<Record<string, Node>>;
  return ((node.required ?? []) as readonly string[]).flatMap((name) => {
    const inner = properties[name] === undefined ? [] : requiredNames(properties[name]);
    return inner.length > 0 ? inner.map((child) => `${name}.${child}`) : [name];
  });
}

function list(items: readonly string[], word: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1) ?? ''}`;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => equal(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
  }
  return false;
}
