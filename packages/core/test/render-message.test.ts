import { describe, expect, it } from 'vitest';
import { renderMessage } from '../src/engine/rule.js';

describe('renderMessage', () => {
  const template = '{{policy}}: statement {{ statement }} lists "{{action}}" in {{element}}; did you mean {{suggestion}}?';

  it('fills every placeholder from the data, the same each time the template is used', () => {
    const first = { policy: 'managed policy deploy', statement: '"Deploy"', action: 's3:GetObjects', element: 'Action', suggestion: 's3:GetObject' };
    const second = { policy: 'inline policy ci of role ci', statement: '0', action: 'ec2:DescribeInstance', element: 'NotAction', suggestion: 'ec2:DescribeInstances' };
    expect(renderMessage(template, first)).toBe('managed policy deploy: statement "Deploy" lists "s3:GetObjects" in Action; did you mean s3:GetObject?');
    expect(renderMessage(template, second)).toBe('inline policy ci of role ci: statement 0 lists "ec2:DescribeInstance" in NotAction; did you mean ec2:DescribeInstances?');
    expect(renderMessage(template, first)).toBe('managed policy deploy: statement "Deploy" lists "s3:GetObjects" in Action; did you mean s3:GetObject?');
  });

  it('keeps placeholders the data lacks (own keys only) and never expands what a value contains', () => {
    expect(renderMessage('{{key}} is {{toString}} and {{ missing }}', { key: '{{toString}} $& $1' })).toBe('{{toString}} $& $1 is {{toString}} and {{ missing }}');
    expect(renderMessage('Key {{id}} of {{user}} is older than {{days}} days.', { id: 'AKIAEXAMPLE', user: 'ops', days: 90 })).toBe('Key AKIAEXAMPLE of ops is older than 90 days.');
    expect(renderMessage('{{a}}{{a}}', { a: true })).toBe('truetrue');
    expect(renderMessage('no placeholders { {x} }', undefined)).toBe('no placeholders { {x} }');
    expect(renderMessage('{{x}}', undefined)).toBe('{{x}}');
    expect(renderMessage('', { x: 1 })).toBe('');
  });
});
