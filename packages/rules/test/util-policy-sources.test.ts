import { describe, expect, it } from 'vitest';
import type { AnyNode, Model } from '@iamlint/core';
import { buildModel } from '@iamlint/core/testing';
import { findConditionKey, isIdentityProviderKey, policySources, policyVisitors, statementIndexOf, type PolicySource } from '../src/util/policy-sources.js';
import { githubOidcTrust, inline, MANAGEMENT, policy, PROD, s3ReadArtifacts, scp, V } from './fixtures/policies.js';

const sourcesOf = (model: Model): PolicySource[] => model.nodes().flatMap((node: AnyNode) => [...policySources(node)]);

describe('policySources', () => {
  const model = buildModel({
    organization: {
      managementAccountId: MANAGEMENT,
      policies: [scp('guardrails', { Version: V, Statement: { Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' } }), { name: 'FullAWSAccess', awsManaged: true, document: { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    },
    accounts: {
      [PROD]: {
        users: [{ userName: 'ci', inlinePolicies: [inline('encoded', encodeURIComponent(JSON.stringify(s3ReadArtifacts)))] }],
        roles: [{ roleName: 'github-deploy', trustPolicy: githubOidcTrust, inlinePolicies: [inline('read', s3ReadArtifacts)] }],
        policies: [policy('read-build-artifacts', s3ReadArtifacts), { policyName: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', document: s3ReadArtifacts }],
      },
    },
    identityCenter: { permissionSets: [{ name: 'Data', inlinePolicy: s3ReadArtifacts }] },
  });
  const sources = sourcesOf(model);

  it('finds every document the user can fix, with its kind and label, and skips AWS managed ones', () => {
    expect(sources.map((source) => [source.kind, source.label, source.pointer])).toEqual(
      expect.arrayContaining([
        ['scp', 'SCP guardrails', '/document'],
        ['identity', 'inline policy encoded of user ci', '/document'],
        ['trust', 'trust policy of role github-deploy', '/trustPolicy'],
        ['identity', 'inline policy read of role github-deploy', '/document'],
        ['identity', 'managed policy read-build-artifacts', '/document'],
        ['identity', 'inline policy of permission set Data', ''],
      ]),
    );
    expect(sources).toHaveLength(6);
  });

  it('builds pointers for statement lists, single statements and text documents', () => {
    const byLabel = new Map(sources.map((source) => [source.label, source]));
    const scpSource = byLabel.get('SCP guardrails') as PolicySource;
    expect(scpSource.statements[0]?.pointerTo('Action')).toBe('/document/Statement/Action');
    expect(scpSource.statements[0]?.values('Action')).toEqual([{ value: 'organizations:LeaveOrganization', pointer: '/document/Statement/Action' }]);
    expect(scpSource.pointerTo(['Statement', 'Action'])).toBe('/document/Statement/Action');
    const managed = byLabel.get('managed policy read-build-artifacts') as PolicySource;
    expect(managed.statements[1]?.values('Action')).toEqual([
      { value: 's3:GetObject', pointer: '/document/Statement/1/Action/0' },
      { value: 's3:GetObjectVersion', pointer: '/document/Statement/1/Action/1' },
    ]);
    expect(managed.statements[1]?.label).toBe('"ReadObjects"');
    expect(managed.statements[1]?.key).toBe('sid:ReadObjects');
    expect([scpSource.statements[0]?.label, scpSource.statements[0]?.key, scpSource.statements[0]?.pointerTo()]).toEqual(['0', '#0', '/document/Statement']);
    expect(managed.statements[1]?.pointerTo('Condition', 'StringEquals', 'aws:ResourceTag/a~b')).toBe('/document/Statement/1/Condition/StringEquals/aws:ResourceTag~1a~0b');
    expect(managed.statements[1]?.pointerTo()).toBe('/document/Statement/1');
    const encoded = byLabel.get('inline policy encoded of user ci') as PolicySource;
    expect(encoded.statements[1]?.values('Resource')).toEqual([{ value: 'arn:aws:s3:::acme-build-artifacts/*', pointer: '/document' }]);
    expect(encoded.statements[1]?.values('Action')).toEqual([
      { value: 's3:GetObject', pointer: '/document' },
      { value: 's3:GetObjectVersion', pointer: '/document' },
    ]);
    expect(encoded.statements[1]?.pointerTo('Action', 0)).toBe('/document');
    const permissionSet = byLabel.get('inline policy of permission set Data') as PolicySource;
    expect(permissionSet.statements[0]?.pointerTo('Resource')).toBe('/Statement/0/Resource');
    const trust = byLabel.get('trust policy of role github-deploy') as PolicySource;
    expect(trust.pointerTo(['Statement', 0, 'Condition', 'StringLike', 'token.actions.githubusercontent.com:sub'])).toBe(
      '/trustPolicy/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub',
    );
  });

  it('escapes JSON pointer characters', () => {
    const managed = sources.find((source) => source.label === 'managed policy read-build-artifacts') as PolicySource;
    expect(managed.pointerTo(['Statement', 0, 'Condition', 'StringEquals', 'aws:ResourceTag/a~b'])).toMatch(/aws:ResourceTag~1a~0b$/);
    const tagged = policySources(
      buildModel({
        accounts: {
          [PROD]: {
            policies: [policy('by-team', { Version: V, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team~x': ['data', 'ml'] } } }] })],
          },
        },
      }).all('ManagedPolicy')[0] as AnyNode,
    )[0] as PolicySource;
    expect(tagged.statements[0]?.valuesAt('Condition', 'StringEquals', 'aws:ResourceTag/team~x')).toEqual([
      { value: 'data', pointer: '/document/Statement/0/Condition/StringEquals/aws:ResourceTag~1team~0x/0' },
      { value: 'ml', pointer: '/document/Statement/0/Condition/StringEquals/aws:ResourceTag~1team~0x/1' },
    ]);
  });

  it('offers visitors for the chosen kinds only', () => {
    expect(Object.keys(policyVisitors(() => undefined)).sort()).toEqual(['InlinePolicy', 'ManagedPolicy', 'Rcp', 'Role', 'Scp']);
    expect(Object.keys(policyVisitors(() => undefined, ['trust']))).toEqual(['Role']);
  });
});

describe('helpers', () => {
  it('statementIndexOf reads problem paths', () => {
    expect(statementIndexOf(['Statement', 2, 'Action', 0])).toBe(2);
    expect(statementIndexOf(['Statement', 'Action'])).toBe(0);
    expect(statementIndexOf(['Statement'])).toBeUndefined();
    expect(statementIndexOf(['Version'])).toBeUndefined();
  });

  it('findConditionKey knows <key> placeholders as well as ${TagKey}', () => {
    expect(findConditionKey('s3:ExistingObjectTag/classification')?.key).toBe('s3:ExistingObjectTag/<key>');
    expect(findConditionKey('aws:PrincipalTag/team')?.global).toBe(true);
    expect(findConditionKey('s3:NoSuchKey')).toBeUndefined();
    expect(findConditionKey('nonsense')).toBeUndefined();
  });

  it('isIdentityProviderKey recognises provider-named keys', () => {
    expect(isIdentityProviderKey('token.actions.githubusercontent.com:sub')).toBe(true);
    expect(isIdentityProviderKey('oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud')).toBe(true);
    expect(isIdentityProviderKey('aws:SourceIp')).toBe(false);
    expect(isIdentityProviderKey('kms:EncryptionContext:app')).toBe(false);
  });
});
