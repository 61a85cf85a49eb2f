/**
 * The helpers the built-in rules are made of, for plugin rules: `import { policyVisitors } from '@iamlint/rules/rule-utils'`
 * (as `@typescript-eslint/utils` is to typescript-eslint's rules). The rule API itself (`defineRule`, `Type`,
 * `OptionObject`, the model and policy questions) is `@iamlint/core`'s.
 */

// Policy documents: every identity, trust, SCP and RCP document of a snapshot, with the JSON pointers of its parts.
export {
  findConditionKey,
  hasVariable,
  identityPolicySource,
  isIdentityProviderKey,
  policySources,
  policyVisitors,
  statementIndexOf,
  type ElementValue,
  type ListElement,
  type PolicyKind,
  type PolicyNode,
  type PolicyPath,
  type PolicySource,
  type StatementSource,
} from './util/policy-sources.js';

// Statements that allow every action on every resource.
export { allowsEverything, coversEveryAction, findFullAdmin, isEveryResource, type FullAdminGrant } from './util/full-admin.js';

// Role trust policies: who may assume a role, on what condition.
export { allowsAction, AWS_PRINCIPAL, isRequired, namesStringValues, trustStatementsAllowing } from './util/trust.js';

// Accounts of the organization, named as findings name them.
export { accountLabel, accountList, AccountIds, isOrganizationMember, spreadOverAccounts } from './util/accounts.js';

// Break-glass users, declared (and given as an option) as break-glass-admin declares them.
export { breakGlassOption, DEFAULT_BREAK_GLASS, defaultBreakGlass, isBreakGlassUser, type BreakGlassDeclaration } from './util/break-glass.js';

// IAM Identity Center permission sets.
export { permissionSetAdministrator, permissionSetMatches, type PermissionSetAdministrator } from './util/permission-sets.js';

// Credentials and roles left unused.
export { unusedPastLimit } from './util/unused.js';
