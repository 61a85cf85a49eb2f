import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/organization/account-in-organization.js';

const MANAGEMENT = '111122223333';
const PRODUCTION = '444455556666';
const ACQUIRED = '555566667777';

const organization = {
  managementAccountId: MANAGEMENT,
  accounts: [
    { id: MANAGEMENT, name: 'acme-management' },
    { id: PRODUCTION, name: 'acme-production' },
  ],
};

new RuleTester().run('account-in-organization', rule, {
  valid: [
    {
      name: 'every account of the snapshot is a member',
      snapshot: { organization, accounts: { [MANAGEMENT]: {}, [PRODUCTION]: {} } },
    },
    {
      name: 'a suspended member is still a member',
      snapshot: { organization: { ...organization, accounts: [...organization.accounts, { id: ACQUIRED, status: 'SUSPENDED' as const }] }, accounts: { [MANAGEMENT]: {} } },
    },
    {
      name: 'a snapshot without organization.json is not evaluated',
      snapshot: { accounts: { [ACQUIRED]: {} } },
      notEvaluated: [{ accountId: null, sections: ['organization'] }],
    },
  ],
  invalid: [
    {
      name: 'an account collected with the organization but not a member of it',
      snapshot: { organization, accounts: { [MANAGEMENT]: {}, [PRODUCTION]: {}, [ACQUIRED]: { alias: 'globex-legacy' } } },
      errors: [
        {
          messageId: 'notMember',
          data: { account: 'globex-legacy', accountId: ACQUIRED, organizationId: 'o-a1b2c3d4e5' },
          resource: ACQUIRED,
          kind: 'Account',
          accountId: ACQUIRED,
        },
      ],
    },
  ],
});
