import { RuleTester } from '@iamlint/core/testing';
import rule from '../src/access/role-unused.js';
import { PROD } from './fixtures/policies.js';

// The builder's snapshot is collected at 2026-11-20T06:00:00Z.
const snapshot = (...roles: Array<{ roleName: string; createDate?: string; lastUsed?: { date: string; region?: string } | null; path?: string }>) => ({
  accounts: { [PROD]: { roles } },
});

new RuleTester().run('role-unused', rule, {
  valid: [
    {
      name: 'used recently, used exactly 90 days ago, or created recently and not used yet',
      snapshot: snapshot(
        { roleName: 'orders-api', lastUsed: { date: '2026-11-19', region: 'eu-west-1' } },
        { roleName: 'quarterly-report', lastUsed: { date: '2026-08-22', region: 'eu-west-1' } },
        { roleName: 'new-pipeline', createDate: '2026-10-01T09:30:00Z', lastUsed: null },
      ),
    },
    {
      name: 'service-linked and Identity Center roles belong to AWS',
      snapshot: snapshot(
        { roleName: 'AWSServiceRoleForSupport', path: '/aws-service-role/support.amazonaws.com/', createDate: '2019-04-11T08:00:00Z' },
        { roleName: 'AWSReservedSSO_ReadOnly_8d1f3a5c7e9b2d40', path: '/aws-reserved/sso.amazonaws.com/eu-west-1/', createDate: '2021-06-01T08:00:00Z' },
      ),
    },
    {
      name: 'a longer limit',
      snapshot: snapshot({ roleName: 'dr-restore', lastUsed: { date: '2026-05-02' } }),
      options: [{ maxUnusedDays: 365 }],
    },
  ],
  invalid: [
    {
      name: 'last used 91 days ago',
      snapshot: snapshot({ roleName: 'legacy-etl', lastUsed: { date: '2026-08-21', region: 'us-east-1' } }),
      errors: [
        {
          messageId: 'unusedSince',
          data: { role: 'legacy-etl', lastUsedDate: '2026-08-21', days: 91, maxUnusedDays: 90 },
          resource: `arn:aws:iam::${PROD}:role/legacy-etl`,
          pointer: '/roles/0/lastUsed',
        },
      ],
    },
    {
      name: 'never used since it was created two years ago',
      snapshot: snapshot({ roleName: 'vendor-trial', createDate: '2024-11-04T15:20:00Z', lastUsed: null }),
      errors: [{ messageId: 'neverUsed', data: { role: 'vendor-trial', age: 746 }, pointer: '/roles/0' }],
    },
    {
      name: 'a role under a custom path is not AWS-managed; --now moves the limit',
      snapshot: snapshot({ roleName: 'batch', path: '/service-role/', lastUsed: { date: '2026-10-01' } }),
      options: [{ maxUnusedDays: 30 }],
      now: '2026-11-20T00:00:00Z',
      errors: [{ messageId: 'unusedSince', data: { days: 50, maxUnusedDays: 30 } }],
    },
  ],
});
