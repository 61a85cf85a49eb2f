import { describe, expect, it } from 'vitest';
import { RuleTester } from '@iamlint/core/testing';
import rule, { subjectPin } from '../src/trust/trust-github-oidc-subject.js';
import { githubOidcTrust, PROD, V } from './fixtures/policies.js';

const GITHUB = `arn:aws:iam::${PROD}:oidc-provider/token.actions.githubusercontent.com`;
const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';

const github = (Condition?: object, provider = GITHUB) => ({
  Version: V,
  Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', ...(Condition ? { Condition } : {}) }],
});
const withSubject = (operator: string, subject: string | string[]) => github({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, [operator]: { [SUB]: subject } });
const snapshot = (...roles: Array<[string, object]>) => ({
  accounts: { [PROD]: { roles: roles.map(([roleName, trustPolicy]) => ({ roleName, trustPolicy })), oidcProviders: [{ url: 'token.actions.githubusercontent.com' }] } },
});

new RuleTester().run('trust-github-oidc-subject', rule, {
  valid: [
    {
      name: "GitHub's documented trust, environments, pull requests, several repositories",
      snapshot: snapshot(
        ['deploy-main', githubOidcTrust],
        ['deploy-prod', withSubject('StringEquals', 'repo:acme/infrastructure:environment:production')],
        ['plan', withSubject('StringLike', 'repo:acme/infrastructure:*')],
        ['preview', withSubject('StringLike', ['repo:acme/web:pull_request', 'repo:acme/api:ref:refs/heads/*'])],
      ),
    },
    {
      name: 'immutable subjects and customised templates with owner and repository ids',
      snapshot: snapshot(
        ['immutable', withSubject('StringEquals', 'repo:acme@59704711/infrastructure@812604775:ref:refs/heads/main')],
        ['owner-and-repo-id', withSubject('StringLike', 'repository_owner_id:59704711:repository_id:812604775:*')],
        ['repo-id', withSubject('StringEquals', 'repository_id:812604775:environment:production')],
      ),
      options: [{ allowOrganizationWide: false }],
    },
    {
      name: 'organization-wide subjects are accepted by default',
      snapshot: snapshot(['org-readonly', withSubject('StringLike', 'repo:acme/*')], ['owner-id', withSubject('StringLike', 'repository_owner_id:59704711:*')]),
    },
    {
      name: 'the narrowest of several subject conditions decides',
      snapshot: snapshot([
        'two-conditions',
        github({ StringLike: { [SUB]: 'repo:*' }, StringEquals: { [SUB]: 'repo:acme/infrastructure:ref:refs/heads/main', [AUD]: 'sts.amazonaws.com' } }),
      ]),
      options: [{ allowOrganizationWide: false }],
    },
    {
      name: 'a GitHub Enterprise Cloud issuer with its slug pins on its own key',
      snapshot: snapshot([
        'enterprise',
        github({ StringEquals: { 'token.actions.githubusercontent.com/acme-corp:sub': 'repo:acme/infrastructure:ref:refs/heads/main' } }, `${GITHUB}/acme-corp`),
      ]),
    },
    {
      name: 'other OIDC providers are not GitHub',
      snapshot: snapshot(['eks', github(undefined, `arn:aws:iam::${PROD}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C2A1E8D7B3F4A6C9E0D2B1F8A7C6E5D`)]),
    },
  ],
  invalid: [
    {
      name: 'no subject condition at all: any repository on GitHub',
      snapshot: snapshot(['github-actions', github({ StringEquals: { [AUD]: 'sts.amazonaws.com' } })]),
      errors: [
        {
          messageId: 'noSubject',
          data: { role: 'github-actions', provider: 'token.actions.githubusercontent.com', subjectKey: SUB, statement: '0' },
          resource: `arn:aws:iam::${PROD}:role/github-actions`,
          pointer: '/roles/0/trustPolicy/Statement/0/Principal',
        },
      ],
    },
    {
      name: 'wildcards in the owner part',
      snapshot: snapshot(
        ['any-repo', withSubject('StringLike', 'repo:*')],
        ['star', withSubject('StringLike', '*')],
        ['owner-prefix', withSubject('StringLike', 'repo:acme*')],
        ['owner-glob', withSubject('StringLike', 'repo:acm?/infrastructure:*')],
        ['one-bad-value', withSubject('StringLike', ['repo:acme/infrastructure:*', 'repo:*/infrastructure:*'])],
      ),
      errors: [
        { messageId: 'unpinnedSubject', data: { role: 'any-repo', subject: 'repo:*' }, pointer: '/roles/0/trustPolicy/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub' },
        { messageId: 'unpinnedSubject', data: { role: 'star', subject: '*' } },
        { messageId: 'unpinnedSubject', data: { role: 'owner-prefix', subject: 'repo:acme*' } },
        { messageId: 'unpinnedSubject', data: { role: 'owner-glob' } },
        { messageId: 'unpinnedSubject', data: { role: 'one-bad-value', subject: 'repo:*/infrastructure:*' } },
      ],
    },
    {
      name: 'subjects that name no owner: a bare environment, a reusable workflow alone',
      snapshot: snapshot(
        ['environment-only', withSubject('StringEquals', 'environment:production')],
        ['workflow-only', withSubject('StringLike', 'job_workflow_ref:acme/shared-workflows/.github/workflows/deploy.yml@*')],
      ),
      errors: [
        { messageId: 'unpinnedSubject', data: { role: 'environment-only' } },
        { messageId: 'unpinnedSubject', data: { role: 'workflow-only' } },
      ],
    },
    {
      name: 'organization-wide subjects when the option forbids them',
      snapshot: snapshot(
        ['org-wide', withSubject('StringLike', 'repo:acme/*:*')],
        ['name-prefix', withSubject('StringLike', 'repo:acme/infra*')],
        ['owner-id-only', withSubject('StringLike', 'repository_owner_id:59704711:*')],
      ),
      options: [{ allowOrganizationWide: false }],
      errors: [
        { messageId: 'organizationWide', data: { role: 'org-wide', owner: 'acme', subject: 'repo:acme/*:*' } },
        { messageId: 'organizationWide', data: { role: 'name-prefix', owner: 'acme' } },
        { messageId: 'organizationWide', data: { role: 'owner-id-only', owner: '59704711' } },
      ],
    },
    {
      name: 'the pin on the wrong key, or only in a negated operator',
      snapshot: snapshot(
        ['aud-typo', github({ StringLike: { [AUD]: 'repo:acme/infrastructure:*' } })],
        ['no-prefix', github({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { sub: 'repo:acme/infrastructure:*' } })],
        ['deny-list', github({ StringNotLike: { [SUB]: 'repo:attacker/*' } })],
      ),
      errors: [
        { messageId: 'wrongKey', data: { role: 'aud-typo', key: AUD, subject: 'repo:acme/infrastructure:*' }, pointer: `/roles/0/trustPolicy/Statement/0/Condition/StringLike/${AUD}` },
        { messageId: 'wrongKey', data: { role: 'no-prefix', key: 'sub' } },
        { messageId: 'noSubject', data: { role: 'deny-list' } },
      ],
    },
    {
      name: 'ForAllValues on the single-valued subject',
      snapshot: snapshot(['set-operator', github({ 'ForAllValues:StringLike': { [SUB]: 'repo:acme/infrastructure:*' } })]),
      errors: [{ messageId: 'setOperator', data: { operator: 'ForAllValues:StringLike' } }],
    },
    {
      name: 'GitHub Enterprise Server issuer without a subject',
      snapshot: snapshot(['ghes', github(undefined, `arn:aws:iam::${PROD}:oidc-provider/github.acme.example/_services/token`)]),
      errors: [{ messageId: 'noSubject', data: { provider: 'github.acme.example/_services/token', subjectKey: 'github.acme.example/_services/token:sub' } }],
    },
  ],
});

describe('subjectPin', () => {
  it('reads StringEquals values literally', () => {
    expect(subjectPin('repo:acme/*', false).pin).toBe(2);
    expect(subjectPin('repo:acme/*', true).pin).toBe(1);
  });

  it('needs the owner terminated before any wildcard', () => {
    expect(subjectPin('repository_owner:acme*', true).pin).toBe(0);
    expect(subjectPin('repository_owner:acme:*', true)).toEqual({ pin: 1, owner: 'acme' });
    expect(subjectPin('repo:acme@59704711/infrastructure@812604775:*', true)).toEqual({ pin: 2, owner: 'acme@59704711' });
  });
});
