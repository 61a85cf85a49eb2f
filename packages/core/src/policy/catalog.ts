import { wildcardMatch } from '../util/glob.js';
import {
  GLOBAL_CONDITION_KEYS,
  IAM_DATA_PACKAGE,
  IAM_DATA_UPDATED_AT,
  IAM_DATA_VERSION,
  SERVICE_CONDITION_KEYS,
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

interface ConditionKeyIndex {
  readonly exact: ReadonlyMap<string, ConditionKeyInfo>;
  /** Keys with a variable part: the literal text before it, and a lower-case pattern with `?*` for each variable. */
  readonly templates: readonly { readonly head: string; readonly pattern: string; readonly info: ConditionKeyInfo }[];
  readonly byService: ReadonlyMap<string, readonly ConditionKeyInfo[]>;
  readonly globals: readonly ConditionKeyInfo[];
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

function buildConditionKeyIndex(): ConditionKeyIndex {
  const exact = new Map<string, ConditionKeyInfo>();
  const listed = JSON.parse(GLOBAL_CONDITION_KEYS) as [string, ConditionKeyType, string][];
  const unlisted = UNLISTED_GLOBAL_CONDITION_KEYS.filter(([key]) => !listed.some(([known]) => known.toLowerCase() === key.toLowerCase()));
  const globals = [...listed, ...unlisted].map(([key, type, category]) =>
    Object.freeze({ key, type, global: true, category }),
  );
  for (const info of globals) exact.set(info.key.toLowerCase(), info);
  const byService = new Map<string, readonly ConditionKeyInfo[]>();
  const raw = JSON.parse(SERVICE_CONDITION_KEYS) as Record<string, [string, ConditionKeyType][]>;
  for (const [service, keys] of Object.entries(raw)) {
    const infos = keys.map(([key, type]) => {
      const lower = key.toLowerCase();
      const known = exact.get(lower);
      if (known !== undefined && known.type === type) return known;
      const info: ConditionKeyInfo = Object.freeze({ key, type, global: false });
      // Where services disagree on a key's type (rare), the service that owns the prefix wins.
      if (known === undefined || (!known.global && lower.startsWith(`${service}:`))) exact.set(lower, info);
      return info;
    });
    byService.set(service, Object.freeze(infos));
  }
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
  return { exact, templates, byService, globals: Object.freeze(globals) };
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
  let conditionKeys: ConditionKeyIndex | undefined;

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

  function keyIndex(): ConditionKeyIndex {
    conditionKeys ??= buildConditionKeyIndex();
    return conditionKeys;
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
      const found = findConditionKey(lower, keyIndex());
      conditionKeyLookups.set(lower, found);
      return found;
    },
    serviceConditionKeys: (prefix) => keyIndex().byService.get(prefix.toLowerCase()) ?? NONE,
    globalConditionKeys: () => keyIndex().globals,
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
  let found = index.exact.get(lower);
  if (found === undefined) {
    // Longest literal head first, so `${TagKey}` variants don't shadow more specific templates.
    let bestHead = -1;
    for (const t of index.templates) {
      if (t.head.length > bestHead && lower.startsWith(t.head) && wildcardMatch(t.pattern, lower)) {
        found = t.info;
        bestHead = t.head.length;
      }
    }
  }
  return found;
}

/** The shared catalogue; services are parsed on first use, so importing it costs almost nothing. */
export const actionCatalog: ActionCatalog = createActionCatalog();
