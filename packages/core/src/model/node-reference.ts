import type { TObject, TSchema } from '@sinclair/typebox';
import {
  AccessKey,
  AccountAssignment,
  Group,
  IdentityStoreGroup,
  IdentityStoreUser,
  ManagedPolicy,
  MfaDevice,
  OidcProvider,
  OrganizationalUnit,
  OrganizationFile,
  OrgPolicy,
  PermissionSet,
  RootUser,
  Role,
  SamlProvider,
  SECTION_IDS,
  SECTION_PARENTS,
  ServerCertificate,
  User,
  type SectionId,
} from '../snapshot/schema.js';
import { ACCOUNT_FILE_KINDS, IDENTITY_CENTER_FILE_KINDS, NODE_KINDS, ORGANIZATION_FILE_KINDS, type NodeKind, type NodeKindMap } from './nodes.js';

// The reference of node kinds and section ids in docs/plugins.md, rendered from the snapshot schema (the fields a
// node copies from its file) and from the tables below (what the model adds), which the compiler keeps complete:
// a field added to a node type without a line here does not compile, so the doc cannot fall behind.

/**
 * The schema each node copies its data fields from; null for nodes the model builds from several places. A function,
 * so bundles that never render the reference (the Action) leave it out.
 */
const nodeSchemas = () => ({
  Organization: OrganizationFile.properties.organization,
  OrganizationalUnit,
  Account: null,
  Scp: OrgPolicy,
  Rcp: OrgPolicy,
  RootUser,
  User,
  AccessKey,
  MfaDevice,
  Group,
  Role,
  ManagedPolicy,
  InlinePolicy: null,
  SamlProvider,
  OidcProvider,
  ServerCertificate,
  PasswordPolicy: null,
  PermissionSet,
  AccountAssignment,
  IdentityStoreUser,
  IdentityStoreGroup,
}) satisfies Record<NodeKind, TObject | null>;

type BaseField = 'kind' | 'id' | 'name' | 'accountId' | 'source';
type SchemaField<K extends NodeKind> = ReturnType<typeof nodeSchemas>[K] extends TObject<infer Properties> ? keyof Properties : never;
type ModelField<K extends NodeKind> = Exclude<keyof NodeKindMap[K], SchemaField<K> | BaseField>;

const BASE_FIELDS: Record<BaseField, { type: string; description: string }> = {
  kind: { type: 'string', description: 'The node kind, as in the heading: the visitor a rule names to see it.' },
  id: {
    type: 'string',
    description:
      'Stable identity: the ARN for IAM and Identity Center entities; AWS\'s own id for the organization, OUs, SCPs/RCPs and accounts; else an id that survives re-collection. `context.model.byId(id)` finds the node.',
  },
  name: { type: 'string', description: 'Human name used in messages.' },
  accountId: { type: 'string \\| null', description: 'The AWS account the node lives in; null for organization- or Identity Center-wide nodes.' },
  source: { type: '{ file, pointer }', description: 'Where the node was read from: the snapshot-relative file and a JSON pointer into it (`/roles/3` in accounts/<id>.json); findings point there.' },
};

const MODEL_FIELDS: { [K in NodeKind]: Record<ModelField<K>, { type: string; description: string }> } = {
  Organization: {
    delegatedAdministrators: { type: '{ accountId, servicePrincipal }[]', description: 'Accounts that administer a service for the organization.' },
    iamFeatures: { type: 'string[] \\| null', description: 'Centralised root access features; null when the snapshot does not say (collected before format 1.1).' },
  },
  OrganizationalUnit: {},
  Account: {
    organizationEntry: { type: 'object \\| null', description: 'The account\'s entry in organization.json (`id`, `arn`, `name`, `email`, `status`, `joinedMethod`, `joinedTimestamp`, `parentId`, `tags`), when the snapshot has one.' },
    ouPath: { type: 'OrganizationalUnit[]', description: 'OUs from the root down to the account\'s parent.' },
    alias: { type: 'string \\| null', description: 'The IAM account alias.' },
    isManagementAccount: { type: 'boolean', description: 'True for the organization\'s management account.' },
    hasAccountFile: { type: 'boolean', description: 'True when accounts/<id>.json is in the snapshot.' },
    absentSections: { type: 'SectionId[]', description: 'Optional sections the account file does not hold (written before they existed, or not asked for).' },
    serviceLastAccessed: { type: 'Record<string, { service, lastAuthenticated }[]> \\| null', description: 'Principal ARN → services granted and the day each was last used, when the snapshot has last-accessed data.' },
    accountSummary: { type: 'Record<string, number> \\| null', description: 'GetAccountSummary\'s counts and quotas; null without an account file.' },
  },
  Scp: {},
  Rcp: {},
  RootUser: {},
  User: {},
  AccessKey: { user: { type: 'User', description: 'The user the key belongs to.' } },
  MfaDevice: { user: { type: 'User', description: 'The user the device is assigned to.' } },
  Group: {},
  Role: {},
  ManagedPolicy: { awsManaged: { type: 'boolean', description: 'True for AWS managed policies (arn:aws:iam::aws:policy/…).' } },
  InlinePolicy: {
    document: { type: 'unknown', description: 'The decoded policy document.' },
    owner: { type: 'User \\| Group \\| Role \\| PermissionSet', description: 'The principal (or permission set) that embeds the policy.' },
  },
  SamlProvider: {},
  OidcProvider: {},
  ServerCertificate: {},
  PasswordPolicy: {
    policy: { type: 'object \\| null', description: 'The account\'s password policy (`minimumPasswordLength`, `requireSymbols`, `maxPasswordAge`, `passwordReusePrevention`…); null when none is set (AWS then applies its weak default).' },
  },
  PermissionSet: { instanceArn: { type: 'string', description: 'The Identity Center instance that holds it.' } },
  AccountAssignment: { instanceArn: { type: 'string', description: 'The Identity Center instance that holds it.' } },
  IdentityStoreUser: { instanceArn: { type: 'string', description: 'The Identity Center instance whose identity store holds the user.' } },
  IdentityStoreGroup: { instanceArn: { type: 'string', description: 'The Identity Center instance whose identity store holds the group.' } },
};

/** What each section holds, and so what a rule that names it in `requires` may rely on. */
const SECTION_CONTENT: Record<SectionId, string> = {
  organization: '`Organization`, `OrganizationalUnit` and `Account` nodes from organization.json (an account\'s `organizationEntry` and `ouPath`).',
  'organization.policies': '`Scp` and `Rcp` nodes: documents and targets.',
  identityCenter: '`PermissionSet`, `AccountAssignment`, `IdentityStoreUser` and `IdentityStoreGroup` nodes from identity-center.json.',
  'iam.authorizationDetails': '`User`, `Group`, `Role`, `ManagedPolicy` and `InlinePolicy` nodes: attached and inline policies, trust policies, boundaries, tags, role last used.',
  'iam.credentialReport': 'Users\' `passwordLastUsed`, `loginProfile` and `mfaDevices`, and the root user\'s row (`RootUser`).',
  'iam.accessKeys': '`AccessKey` nodes: status, creation and last use.',
  'iam.samlProviders': '`SamlProvider` nodes: entity id, signing certificates, valid-until.',
  'iam.oidcProviders': '`OidcProvider` nodes: URL, audiences, thumbprints.',
  'iam.passwordPolicy': 'The `PasswordPolicy` node.',
  'iam.accountSummary': 'An account\'s `accountSummary` (counts and quotas) and `alias`.',
  'iam.virtualMfaDevices': 'Which MFA devices are virtual (`MfaDevice.type`, `RootUser.mfaType`).',
  'iam.serverCertificates': '`ServerCertificate` nodes.',
  'iam.serviceLastAccessed': 'An account\'s `serviceLastAccessed`: the services each principal\'s policies grant and when each was last used.',
  'iam.rootUser': 'The root user\'s row of the credential report (`RootUser`: password, MFA, access keys, signing certificates).',
  'identityCenter.permissionsBoundaries': 'Permission sets\' `permissionsBoundary`.',
  'identityCenter.tags': 'Permission sets\' `tags`.',
  'identityCenter.provisioning': 'Permission sets\' `provisionedAccounts` and `outdatedAccounts`.',
  'organization.iamFeatures': 'The organization\'s `iamFeatures` (centralised root access).',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A TypeBox schema as a short TypeScript-like type, pipes escaped for a table cell. */
function typeOf(schema: TSchema): string {
  const json = schema as Record<string, unknown>;
  if (Array.isArray(json['anyOf'])) return (json['anyOf'] as TSchema[]).map(typeOf).join(' \\| ');
  if (Array.isArray(json['enum'])) return (json['enum'] as unknown[]).map((value) => `'${String(value)}'`).join(' \\| ');
  if (json['const'] !== undefined) return JSON.stringify(json['const']);
  switch (json['type']) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${typeOf(json['items'] as TSchema)}[]`;
    case 'object': {
      const patterns = json['patternProperties'] as Record<string, TSchema> | undefined;
      if (patterns) return `Record<string, ${typeOf(Object.values(patterns)[0] as TSchema)}>`;
      return 'object';
    }
    default:
      return 'unknown';
  }
}

/** The object schema inside a schema (itself, an array's items, the non-null side of a nullable), to list its fields. */
function objectWithin(schema: TSchema): TObject | undefined {
  const json = schema as Record<string, unknown>;
  if (json['type'] === 'object' && json['properties']) return schema as TObject;
  if (json['type'] === 'array') return objectWithin(json['items'] as TSchema);
  if (Array.isArray(json['anyOf'])) return (json['anyOf'] as TSchema[]).map(objectWithin).find((found) => found !== undefined);
  return undefined;
}

function schemaRows(object: TObject, prefix: string): string[] {
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).flatMap(([key, schema]) => {
    // The node's own id, name and account (listed first) take the place of the file's fields of those names.
    if (!prefix && key in BASE_FIELDS) return [];
    const path = `${prefix}${key}${required.has(key) ? '' : '?'}`;
    const description = (schema as { description?: string }).description ?? '';
    const row = `| \`${path}\` | \`${typeOf(schema)}\` | ${cell(description)} |`;
    const nested = objectWithin(schema);
    const nestedPrefix = `${prefix}${key}${(schema as { type?: string }).type === 'array' ? '[]' : ''}.`;
    return nested ? [row, ...schemaRows(nested, nestedPrefix)] : [row];
  });
}

function fileOf(kind: NodeKind): string {
  if (kind === 'Account') return 'organization.json and accounts/<id>.json (either makes the node)';
  if ((ORGANIZATION_FILE_KINDS as readonly NodeKind[]).includes(kind)) return 'organization.json';
  if ((ACCOUNT_FILE_KINDS as readonly NodeKind[]).includes(kind)) return kind === 'InlinePolicy' ? 'accounts/<id>.json (and identity-center.json for permission sets)' : 'accounts/<id>.json';
  if ((IDENTITY_CENTER_FILE_KINDS as readonly NodeKind[]).includes(kind)) return 'identity-center.json';
  return 'the snapshot';
}

/** Markdown: the fields every node has, then each node kind, the file it comes from, and its own fields. */
export function renderNodeReference(): string {
  const table = (rows: string[]) => ['| field | type | meaning |', '| --- | --- | --- |', ...rows].join('\n');
  const row = (field: string, type: string, description: string) => `| \`${field}\` | \`${type}\` | ${description} |`;
  const common = table(Object.entries(BASE_FIELDS).map(([field, { type, description }]) => row(field, type, description)));
  const schemas = nodeSchemas();
  const sections = NODE_KINDS.map((kind) => {
    const schema = schemas[kind];
    const rows = [
      ...(schema ? schemaRows(schema, '') : []),
      ...Object.entries(MODEL_FIELDS[kind] as Record<string, { type: string; description: string }>).map(([field, { type, description }]) =>
        row(field, type, description),
      ),
    ];
    const intro = `From ${fileOf(kind)}. Visitor \`${kind}(node)\`; all of them: \`context.model.all('${kind}')\`.`;
    return [`### ${kind}`, '', intro, ...(rows.length > 0 ? ['', table(rows)] : [])].join('\n');
  });
  return [
    '<!-- generated from the snapshot schema by scripts/generate-docs.mjs: do not edit by hand -->',
    '',
    'Every node:',
    '',
    common,
    '',
    sections.join('\n\n'),
  ].join('\n');
}

/** Markdown: the section ids a rule may name in `meta.requires`, what each holds, and the section it is part of. */
export function renderSectionReference(): string {
  const rows = SECTION_IDS.map((id) => {
    const parent = SECTION_PARENTS[id];
    return `| \`${id}\` | ${parent ? `\`${parent}\`` : ''} | ${SECTION_CONTENT[id]} |`;
  });
  return [
    '<!-- generated from the snapshot schema by scripts/generate-docs.mjs: do not edit by hand -->',
    '',
    '| id | part of | holds |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}
