import { push } from '../util/collections.js';
import { wildcardMatch } from '../util/glob.js';
import {
  CONDITION_KEY_LISTERS,
  CONDITION_KEYS_BY_SERVICE,
  GLOBAL_CONDITION_KEYS,
  IAM_DATA_PACKAGE,
  IAM_DATA_UPDATED_AT,
  IAM_DATA_VERSION,
  SERVICES,
} from './iam-data.generated.js';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'ArrayOfDate'
  | 'Bool'
  | 'ArrayOfBool'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'Binary';

export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

export interface ActionInfo {
  /** Service prefix, lower case as AWS writes it: `iam`. */
  readonly service: string;
  /** Action name as AWS documents it: `GetUser`. */
  readonly name: string;
  /** `iam:GetUser` */
  readonly fullName: string;
  readonly accessLevel: AccessLevel;
  readonly resourceTypes: readonly ActionResourceType[];
  /** The action supports no resource-level permissions: its only valid `Resource` is `*`. */
  readonly wildcardOnly: boolean;
  readonly conditionKeys: readonly string[];
}

export interface ResourceTypeInfo {
  readonly service: string;
  readonly name: string;
  /** As documented, e.g. `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`. */
  readonly arnFormat: string;
  /** `arnFormat` with each `${Variable}` replaced by `*`, for `wildcardMatch`. */
  readonly arnPattern: string;
  readonly conditionKeys: readonly string[];
}

export interface ConditionKeyInfo {
  /** As documented; may contain a variable part such as `aws:ResourceTag/${TagKey}`. */
  readonly key: string;
  readonly type: ConditionKeyType;
  /** Listed by AWS as a global condition key (available in every request of its category). */
  readonly global: boolean;
  readonly category?: string;
}

export interface IamDataInfo {
  readonly package: string;
  readonly version: string;
  /** ISO timestamp of the AWS Service Authorization Reference scan the data comes from. */
  readonly updatedAt: string;
}

export interface ActionCatalog {
  readonly data: IamDataInfo;
  /** Service prefixes, sorted. */
  services(): readonly string[];
  hasService(prefix: string): boolean;
  serviceName(prefix: string): string | undefined;
  actions(service: string): readonly ActionInfo[];
  /** Case-insensitive, as IAM is for actions: `IAM:getuser` finds `iam:GetUser`. */
  action(fullName: string): ActionInfo | undefined;
  /** Every real action a policy's `Action` pattern matches (`*`, `?`, case-insensitive), as full names. */
  expand(pattern: string): readonly string[];
  /** The actions of one service a pattern matches: `expand` restricted to `service`, without listing the others. */
  expandIn(pattern: string, service: string): readonly string[];
  resourceTypes(service: string): readonly ResourceTypeInfo[];
  resourceType(service: string, name: string): ResourceTypeInfo | undefined;
  /** Global or service key, case-insensitive; `aws:ResourceTag/Owner` finds `aws:ResourceTag/${TagKey}`. */
  conditionKey(name: string): ConditionKeyInfo | undefined;
  /** The keys AWS lists for the service's actions and resource types (some belong to other prefixes). */
  serviceConditionKeys(service: string): readonly ConditionKeyInfo[];
  globalConditionKeys(): readonly ConditionKeyInfo[];
}

type RawResourceType = readonly [name: string, required?: 0 | 1, conditionKeys?: readonly string[]];
type RawAction = readonly [resourceTypes?: readonly RawResourceType[], conditionKeys?: readonly string[]];
interface RawService {
  readonly n: string;
  readonly a: readonly RawAction[];
  readonly r: readonly (readonly [key: string, arn: string, conditionKeys?: readonly string[]])[];
}

const ACCESS_LEVELS: Readonly<Record<string, AccessLevel>> = {
  L: 'List',
  R: 'Read',
  W: 'Write',
  T: 'Tagging',
  P: 'Permissions management',
};
const NONE: readonly never[] = Object.freeze([]);

/** A service's action names, all a pattern needs: split from one string, without parsing the details. */
interface ServiceNames {
  readonly names: readonly string[];
  readonly lowerNames: readonly string[];
  /** `iam:GetUser`: made once, shared by every expansion and by the actions. */
  readonly fullNames: readonly string[];
}

/**
 * A service's actions, each made when first asked for: looking one up (`action`, as the unknown-action rule does for
 * every action a policy lists) need not make the hundreds of its service. What only the JSON holds (resource types,
 * condition keys) is read on first use.
 */
class ServiceActions {
  readonly #made: (ActionInfo | undefined)[];
  #all: readonly ActionInfo[] | undefined;
  #indexByLowerName: ReadonlyMap<string, number> | undefined;

  constructor(
    readonly prefix: string,
    readonly names: ServiceNames,
    readonly levels: string,
    readonly details: () => ServiceDetails,
  ) {
    if (levels.length !== names.names.length) throw new Error(`iam-data: ${prefix} has ${names.names.length} action names and ${levels.length} access levels`);
    this.#made = new Array<ActionInfo | undefined>(levels.length);
  }

  all(): readonly ActionInfo[] {
    this.#all ??= Object.freeze(this.names.names.map((_, index) => this.at(index)));
    return this.#all;
  }

  byLowerName(lowerName: string): ActionInfo | undefined {
    this.#indexByLowerName ??= new Map(this.names.lowerNames.map((name, index) => [name, index]));
    const index = this.#indexByLowerName.get(lowerName);
    return index === undefined ? undefined : this.at(index);
  }

  private at(index: number): ActionInfo {
    let action = this.#made[index];
    if (action === undefined) {
      const { names, fullNames } = this.names;
      const accessLevel = ACCESS_LEVELS[this.levels[index]!];
      if (accessLevel === undefined) throw new Error(`iam-data: unknown access level code ${this.levels[index]} on ${this.prefix}:${names[index]}`);
      action = new CatalogAction(this.prefix, names[index]!, fullNames[index]!, accessLevel, index, this.details);
      this.#made[index] = action;
    }
    return action;
  }
}

interface ActionDetails {
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
}

interface ServiceDetails {
  readonly name: string;
  readonly actions: readonly ActionDetails[];
  readonly resourceTypes: readonly ResourceTypeInfo[];
  readonly resourceTypesByLowerName: ReadonlyMap<string, ResourceTypeInfo>;
}

/** Condition keys by lower-case name, and those with a variable part as templates. */
interface KeyTable {
  readonly exact: ReadonlyMap<string, ConditionKeyInfo>;
  /** Keys with a variable part: the literal text before it, and a lower-case pattern with `?*` for each variable. */
  readonly templates: readonly { readonly head: string; readonly pattern: string; readonly info: ConditionKeyInfo }[];
}

/** The keys one lookup may find: the global keys (shared), then the service keys of its group (see `keyGroupOf`). */
interface ConditionKeyIndex {
  readonly globals: KeyTable;
  readonly own: KeyTable;
}

function splitNames(prefix: string, names: string): ServiceNames {
  const list = names.split(' ');
  return { names: list, lowerNames: names.toLowerCase().split(' '), fullNames: list.map((name) => `${prefix}:${name}`) };
}

/**
 * An action of the catalogue. A class, so that building the 17,000 of them (`*` grouped by access level) costs
 * little: what only the service's JSON holds is read through getters, and `toJSON` shows the same fields.
 */
class CatalogAction implements ActionInfo {
  readonly #index: number;
  readonly #details: () => ServiceDetails;

  constructor(
    readonly service: string,
    readonly name: string,
    readonly fullName: string,
    readonly accessLevel: AccessLevel,
    index: number,
    details: () => ServiceDetails,
  ) {
    this.#index = index;
    this.#details = details;
    Object.freeze(this);
  }

  get resourceTypes(): readonly ActionResourceType[] {
    return this.#details().actions[this.#index]!.resourceTypes;
  }

  get wildcardOnly(): boolean {
    return this.resourceTypes.length === 0;
  }

  get conditionKeys(): readonly string[] {
    return this.#details().actions[this.#index]!.conditionKeys;
  }

  toJSON(): ActionInfo {
    const { service, name, fullName, accessLevel, resourceTypes, wildcardOnly, conditionKeys } = this;
    return { service, name, fullName, accessLevel, resourceTypes, wildcardOnly, conditionKeys };
  }
}

function parseDetails(prefix: string, { names }: ServiceNames, json: string): ServiceDetails {
  const raw = JSON.parse(json) as RawService;
  if (raw.a.length !== names.length) throw new Error(`iam-data: ${prefix} has ${names.length} action names and ${raw.a.length} actions`);
  const actions = raw.a.map(
    ([resourceTypes = NONE, conditionKeys = NONE]): ActionDetails => ({
      resourceTypes: Object.freeze(
        resourceTypes.map(([rt, required = 0, keys = NONE]) => Object.freeze({ name: rt, required: required === 1, conditionKeys: keys })),
      ),
      conditionKeys,
    }),
  );
  const resourceTypes = raw.r.map(
    ([name, arnFormat, conditionKeys = NONE]): ResourceTypeInfo =>
      Object.freeze({ service: prefix, name, arnFormat, arnPattern: arnFormat.replace(/\$\{[^}]*\}/g, '*'), conditionKeys }),
  );
  return {
    name: raw.n,
    actions,
    resourceTypes: Object.freeze(resourceTypes),
    resourceTypesByLowerName: new Map(resourceTypes.map((r) => [r.name.toLowerCase(), r])),
  };
}

/**
 * Global keys that AWS managed policies test but AWS's list of global keys omits: `aws:PrincipalOrgMasterAccountId`
 * (the management account of the principal's organization).
 */
const UNLISTED_GLOBAL_CONDITION_KEYS: ReadonlyArray<[string, ConditionKeyType, string]> = [['aws:PrincipalOrgMasterAccountId', 'String', 'principal']];

/**
 * The placeholder of a key with a variable part, as AWS's reference spells it: `${TagKey}`, but also `<key>`
 * (`s3:RequestObjectTag/<key>`) and `tag-key` (`secretsmanager:ResourceTag/tag-key`).
 */
const PLACEHOLDER = /\$\{[^}]*\}|\/<key>$|\/tag-key$/;

function buildGlobalKeys(): readonly ConditionKeyInfo[] {
  const listed = JSON.parse(GLOBAL_CONDITION_KEYS) as [string, ConditionKeyType, string][];
  const unlisted = UNLISTED_GLOBAL_CONDITION_KEYS.filter(([key]) => !listed.some(([known]) => known.toLowerCase() === key.toLowerCase()));
  return Object.freeze([...listed, ...unlisted].map(([key, type, category]) => Object.freeze({ key, type, global: true, category })));
}

function globalsByLowerKey(globals: readonly ConditionKeyInfo[]): Map<string, ConditionKeyInfo> {
  return new Map(globals.map((info) => [info.key.toLowerCase(), info]));
}

/**
 * Enters a service's key into `exact` (by lower-case key), services taken in catalogue order: the first service to
 * list a key makes its entry, and the service that owns the key's prefix replaces another's of a different type; a
 * global key's entry is never replaced.
 */
function enterServiceKey(globals: ReadonlyMap<string, ConditionKeyInfo>, exact: Map<string, ConditionKeyInfo>, key: string, type: ConditionKeyType, ownsPrefix: boolean): void {
  const lower = key.toLowerCase();
  const known = globals.get(lower) ?? exact.get(lower);
  if (known !== undefined && (known.type === type || known.global || !ownsPrefix)) return;
  exact.set(lower, Object.freeze({ key, type, global: false }));
}

type RawServiceKeys = readonly (readonly [key: string, type: ConditionKeyType])[];

/**
 * One service's keys, as `serviceConditionKeys` lists them: a global key listed with its global type is the global
 * entry, any other its own (the catalogue data spells each key one way in every service that lists it).
 */
function buildServiceKeyList(keys: RawServiceKeys, globals: ReadonlyMap<string, ConditionKeyInfo>): readonly ConditionKeyInfo[] {
  return Object.freeze(
    keys.map(([key, type]) => {
      const global = globals.get(key.toLowerCase());
      return global !== undefined && global.type === type ? global : Object.freeze({ key, type, global: false });
    }),
  );
}

/** The group a key written with this (lower-case) text belongs to: its prefix, or '' if a placeholder is in it. */
function keyGroupOf(lower: string): string {
  const colon = lower.indexOf(':');
  const written = colon < 0 ? '' : lower.slice(0, colon);
  return /[$<]/.test(written) ? '' : written;
}

/** The templates among keys by lower-case name, in their order. */
function keyTable(exact: ReadonlyMap<string, ConditionKeyInfo>): KeyTable {
  const templates = [...exact.entries()]
    .filter(([lower]) => PLACEHOLDER.test(lower))
    .map(([lower, info]) => {
      const slash = lower.includes('${') ? -1 : lower.lastIndexOf('/');
      return {
        head: slash >= 0 ? lower.slice(0, slash + 1) : lower.slice(0, lower.indexOf('${')),
        pattern: slash >= 0 ? `${lower.slice(0, slash + 1)}?*` : lower.replace(/\$\{[^}]*\}/g, '?*'),
        info,
      };
    });
  return { exact, templates };
}

/**
 * The service keys a lookup of a key of one group needs: those of that group and of '' (whose prefix has a
 * placeholder) that the given services list, services in catalogue order. A key's entry depends only on the global
 * keys and the services that list that same key, and a template (`aws:RequestTag/${TagKey}`) can match only a key
 * that begins with its literal head, which holds its prefix unless a placeholder comes first: the keys of other
 * groups could change no answer here.
 */
function buildGroupKeys(globals: KeyTable, group: string, listers: readonly (readonly [service: string, keys: ServiceKeys])[]): KeyTable {
  const exact = new Map<string, ConditionKeyInfo>();
  // A key of the group and one of '' never have the same name, so entering a service's two in turn keeps the order
  // that matters: the services that list one key, in catalogue order.
  for (const [service, keys] of listers) {
    for (const of of group === '' ? [''] : [group, '']) {
      for (const [key, lower, type] of keys.byGroup().get(of) ?? []) enterServiceKey(globals.exact, exact, key, type, lower.startsWith(`${service}:`));
    }
  }
  return keyTable(exact);
}

/** A service's keys as the data lists them, and by group (see `keyGroupOf`), each read on first use. */
class ServiceKeys {
  #byGroup: ReadonlyMap<string, readonly (readonly [key: string, lower: string, type: ConditionKeyType])[]> | undefined;

  constructor(readonly raw: RawServiceKeys) {}

  byGroup(): ReadonlyMap<string, readonly (readonly [key: string, lower: string, type: ConditionKeyType])[]> {
    if (this.#byGroup === undefined) {
      const groups = new Map<string, Array<readonly [string, string, ConditionKeyType]>>();
      for (const [key, type] of this.raw) {
        const lower = key.toLowerCase();
        push(groups, keyGroupOf(lower), [key, lower, type] as const);
      }
      this.#byGroup = groups;
    }
    return this.#byGroup;
  }
}

/** Splits `service:name` at its only colon; undefined when there is not exactly one. */
function splitAction(text: string): [string, string] | undefined {
  const colon = text.indexOf(':');
  if (colon < 0 || text.indexOf(':', colon + 1) >= 0) return undefined;
  return [text.slice(0, colon), text.slice(colon + 1)];
}

export function createActionCatalog(): ActionCatalog {
  const sources = new Map(SERVICES.map(([prefix, names, levels, json]) => [prefix, { names, levels, json }]));
  const prefixes = Object.freeze(SERVICES.map(([prefix]) => prefix));
  const split = new Map<string, ServiceNames>();
  const built = new Map<string, ServiceActions>();
  const parsed = new Map<string, ServiceDetails>();
  const expansions = new Map<string, readonly string[]>();
  const serviceExpansions = new Map<string, readonly string[]>();
  const conditionKeyLookups = new Map<string, ConditionKeyInfo | undefined>();
  let globalKeys: readonly ConditionKeyInfo[] | undefined;
  let globalsByLower: ReadonlyMap<string, ConditionKeyInfo> | undefined;
  let keysByService: ReadonlyMap<string, string> | undefined;
  const parsedServiceKeys = new Map<string, ServiceKeys>();
  const serviceKeyLists = new Map<string, readonly ConditionKeyInfo[]>();
  let unusualListers: ReadonlyMap<string, readonly string[]> | undefined;
  const keyIndexes = new Map<string, ConditionKeyIndex>();
  let globalTable: KeyTable | undefined;

  // namesOf and detailsOf take a lower-case prefix (detailsOf one that `sources` has); the API lower-cases first.
  function namesOf(lower: string): ServiceNames | undefined {
    let names = split.get(lower);
    if (names === undefined) {
      const source = sources.get(lower);
      if (source === undefined) return undefined;
      names = splitNames(lower, source.names);
      split.set(lower, names);
    }
    return names;
  }

  function detailsOf(lower: string): ServiceDetails {
    let details = parsed.get(lower);
    if (details === undefined) {
      details = parseDetails(lower, namesOf(lower)!, sources.get(lower)!.json);
      parsed.set(lower, details);
    }
    return details;
  }

  function actionsOf(prefix: string): ServiceActions | undefined {
    const lower = prefix.toLowerCase();
    let actions = built.get(lower);
    if (actions === undefined) {
      const names = namesOf(lower);
      if (names === undefined) return undefined;
      actions = new ServiceActions(lower, names, sources.get(lower)!.levels, () => detailsOf(lower));
      built.set(lower, actions);
    }
    return actions;
  }

  function details(prefix: string): ServiceDetails | undefined {
    const lower = prefix.toLowerCase();
    return sources.has(lower) ? detailsOf(lower) : undefined;
  }

  function globals(): readonly ConditionKeyInfo[] {
    globalKeys ??= buildGlobalKeys();
    return globalKeys;
  }

  /** A service's keys, parsed once: its own list and each index of a group it lists keys of read them. */
  function serviceKeys(service: string): ServiceKeys | undefined {
    let keys = parsedServiceKeys.get(service);
    if (keys === undefined) {
      keysByService ??= new Map(CONDITION_KEYS_BY_SERVICE);
      const json = keysByService.get(service);
      if (json === undefined) return undefined;
      keys = new ServiceKeys(JSON.parse(json) as RawServiceKeys);
      parsedServiceKeys.set(service, keys);
    }
    return keys;
  }

  /** The services that list non-global keys of a group, in catalogue order. */
  function listersOf(group: string): readonly string[] {
    unusualListers ??= new Map(Object.entries(JSON.parse(CONDITION_KEY_LISTERS) as Record<string, readonly string[]>));
    return unusualListers.get(group) ?? (sources.has(group) ? [group] : NONE);
  }

  /**
   * The index for a lower-case key, one per group. A group no service lists keys of shares the index of '': its
   * keys can only be global ones, which every index holds.
   */
  function keyIndexFor(lower: string): ConditionKeyIndex {
    const own = keyGroupOf(lower);
    const group = listersOf(own).length > 0 ? own : '';
    let index = keyIndexes.get(group);
    if (index === undefined) {
      const services = [...new Set([...listersOf(group), ...listersOf('')])].sort();
      const lists = services.flatMap((service) => {
        const keys = serviceKeys(service);
        return keys === undefined ? [] : [[service, keys] as const];
      });
      globalTable ??= keyTable(globalsByLowerKey(globals()));
      index = { globals: globalTable, own: buildGroupKeys(globalTable, group, lists) };
      keyIndexes.set(group, index);
    }
    return index;
  }



  return {
    data: Object.freeze({ package: IAM_DATA_PACKAGE, version: IAM_DATA_VERSION, updatedAt: IAM_DATA_UPDATED_AT }),
    services: () => prefixes,
    hasService: (prefix) => sources.has(prefix.toLowerCase()),
    serviceName: (prefix) => details(prefix)?.name,
    actions: (prefix) => actionsOf(prefix)?.all() ?? NONE,
    action(fullName) {
      const parts = splitAction(fullName);
      if (parts === undefined) return undefined;
      return actionsOf(parts[0])?.byLowerName(parts[1].toLowerCase());
    },
    expand(pattern) {
      const lower = pattern.toLowerCase();
      let result = expansions.get(lower);
      if (result === undefined) {
        result = Object.freeze(expandPattern(lower, prefixes, namesOf));
        expansions.set(lower, result);
      }
      return result;
    },
    expandIn(pattern, prefix) {
      const lower = pattern.toLowerCase();
      const key = `${prefix.toLowerCase()}:${lower}`;
      let result = serviceExpansions.get(key);
      if (result === undefined) {
        const own = prefix.toLowerCase();
        const colon = lower.indexOf(':');
        const named = colon < 0 ? undefined : lower.slice(0, colon);
        // A pattern that names another service outright (`s3:Get*` asked about iam) matches nothing here; one with a
        // wildcard in its service part, or none, is matched against this service's actions only.
        const elsewhere = named !== undefined && !/[*?]/.test(named) && named !== own;
        result = Object.freeze(elsewhere || !sources.has(own) ? [] : expandPattern(lower, [own], namesOf));
        serviceExpansions.set(key, result);
      }
      return result;
    },
    resourceTypes: (prefix) => details(prefix)?.resourceTypes ?? NONE,
    resourceType: (prefix, name) => details(prefix)?.resourceTypesByLowerName.get(name.toLowerCase()),
    conditionKey(name) {
      const lower = name.toLowerCase();
      if (conditionKeyLookups.has(lower)) return conditionKeyLookups.get(lower);
      const found = findConditionKey(lower, keyIndexFor(lower));
      conditionKeyLookups.set(lower, found);
      return found;
    },
    serviceConditionKeys(prefix) {
      const lower = prefix.toLowerCase();
      let list = serviceKeyLists.get(lower);
      if (list === undefined) {
        const keys = serviceKeys(lower);
        if (keys === undefined) return NONE;
        globalsByLower ??= globalsByLowerKey(globals());
        list = buildServiceKeyList(keys.raw, globalsByLower);
        serviceKeyLists.set(lower, list);
      }
      return list;
    },
    globalConditionKeys: globals,
  };
}

/** The catalogue's actions a lower-case action pattern matches (`*`, `s3:Get*`, `*:Describe*`, `*Get*`). */
function expandPattern(pattern: string, prefixes: readonly string[], namesOf: (prefix: string) => ServiceNames | undefined): string[] {
  const out: string[] = [];
  const matching = (p: string, test: (lowerName: string) => boolean) => {
    const s = namesOf(p);
    if (s === undefined) return;
    s.lowerNames.forEach((name, i) => {
      if (test(name)) out.push(s.fullNames[i]!);
    });
  };
  if (/^\**$/.test(pattern) && pattern.length > 0) {
    for (const p of prefixes) matching(p, () => true);
    return out;
  }
  const parts = splitAction(pattern);
  if (parts === undefined) {
    // No colon: the pattern has to match across it (`*Get*`). Two or more colons match nothing.
    if (pattern.includes(':')) return out;
    for (const p of prefixes) matching(p, (name) => wildcardMatch(pattern, `${p}:${name}`));
    return out;
  }
  // Neither half of a real action contains a colon, so the pattern's colon lines up with the action's.
  const [servicePattern, namePattern] = parts;
  const candidates = /[*?]/.test(servicePattern) ? prefixes.filter((p) => wildcardMatch(servicePattern, p)) : [servicePattern];
  for (const p of candidates) matching(p, nameTest(namePattern));
  return out;
}

/** The test of an action name against a lower-case name pattern; `Get*`, the common shape, is a prefix test. */
function nameTest(namePattern: string): (lowerName: string) => boolean {
  const star = namePattern.indexOf('*');
  if (!namePattern.includes('?') && (star < 0 || star === namePattern.length - 1)) {
    if (star < 0) return (name) => name === namePattern;
    const head = namePattern.slice(0, -1);
    return (name) => name.startsWith(head);
  }
  return (name) => wildcardMatch(namePattern, name);
}

/** A condition key by its lower-case name: an exact key, else the template (`aws:RequestTag/${TagKey}`) it fits. */
function findConditionKey(lower: string, index: ConditionKeyIndex): ConditionKeyInfo | undefined {
  let found = index.globals.exact.get(lower) ?? index.own.exact.get(lower);
  if (found === undefined) {
    // Longest literal head first, so `${TagKey}` variants don't shadow more specific templates; the first on a tie.
    let bestHead = -1;
    for (const templates of [index.globals.templates, index.own.templates]) {
      for (const t of templates) {
        if (t.head.length > bestHead && lower.startsWith(t.head) && wildcardMatch(t.pattern, lower)) {
          found = t.info;
          bestHead = t.head.length;
        }
      }
    }
  }
  return found;
}

/** The shared catalogue; services are parsed on first use, so importing it costs almost nothing. */
export const actionCatalog: ActionCatalog = createActionCatalog();
