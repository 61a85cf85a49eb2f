import { defineRule, OptionObject, Type, type NormalizedCondition } from '@iamlint/core';
import { isRequired, trustStatementsAllowing } from '../util/trust.js';

/** github.com's issuer (optionally with an enterprise slug) and GitHub Enterprise Server's `<host>/_services/token`. */
const GITHUB_PROVIDER = /:oidc-provider\/((?:token\.actions\.githubusercontent\.com(?:\/[A-Za-z0-9_.-]+)?)|(?:[A-Za-z0-9.-]+\/_services\/token))$/;

/** How narrowly a `sub` pattern pins the token's origin; higher is narrower. */
const Pin = { Nobody: 0, Organization: 1, Repository: 2 } as const;

export interface SubjectPin {
  readonly pin: (typeof Pin)[keyof typeof Pin];
  readonly owner: string;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require role trust in GitHub Actions OIDC to pin the token subject (`sub`) to a repository owner, and optionally to a repository.',
      recommended: true,
    },
    severity: 'critical',
    requires: ['iam.authorizationDetails'],
    messages: {
      noSubject:
        'Role {{role}} trusts GitHub Actions ({{provider}}) in statement {{statement}} without a condition on {{subjectKey}}, so a workflow in any GitHub repository can assume it.',
      wrongKey:
        'Role {{role}} trusts GitHub Actions ({{provider}}) in statement {{statement}} and puts the repository pin "{{subject}}" on {{key}} instead of {{subjectKey}}, so no condition names the repository.',
      setOperator:
        'Role {{role}} tests {{subjectKey}} only with {{operator}} in statement {{statement}}: the subject is a single value, and ForAllValues also passes when it is missing; use StringEquals or StringLike.',
      unpinnedSubject:
        'Role {{role}} lets GitHub Actions tokens whose subject matches "{{subject}}" assume it (statement {{statement}}): the pattern does not fix the repository owner, so workflows of any GitHub organization or user can match it.',
      organizationWide:
        'Role {{role}} lets every repository of {{owner}} assume it through GitHub Actions (subject "{{subject}}", statement {{statement}}); pin the repository, and the branch or environment.',
    },
    schema: [
      OptionObject({
        allowOrganizationWide: Type.Boolean({ description: 'Accept subjects that admit every repository of one owner (`repo:acme/*`); false requires a named repository.' }),
      }),
    ],
    defaultOptions: [{ allowOrganizationWide: true }],
  },
  create(context) {
    const [{ allowOrganizationWide }] = context.options;
    return {
      Role(role) {
        for (const entry of trustStatementsAllowing(role, 'sts:assumerolewithwebidentity')) {
          const { statement } = entry;
          for (const provider of statement.principal?.byType.get('Federated') ?? []) {
            const match = GITHUB_PROVIDER.exec(provider);
            if (!match) continue;
            const subjectKey = `${match[1] as string}:sub`;
            const base = { role: role.roleName, provider: match[1] as string, statement: entry.label, subjectKey };
            const report = (messageId: 'noSubject' | 'wrongKey' | 'setOperator' | 'unpinnedSubject' | 'organizationWide', data: Record<string, string>, condition?: NormalizedCondition) =>
              context.report({
                node: role,
                messageId,
                data: { ...base, ...data },
                pointer: condition ? entry.pointerTo('Condition', condition.operatorName, condition.key) : entry.pointerTo('Principal'),
                discriminator: `${entry.key}|${provider}`,
              });

            const onSubject = statement.conditions.filter((condition) => condition.keyLower === subjectKey.toLowerCase());
            const usable = onSubject.filter((condition) => isRequired(condition, true));
            if (usable.length === 0) {
              const setOperator = onSubject.find((condition) => condition.operator?.set === 'ForAllValues' && !condition.operator.negated);
              const misplaced = statement.conditions.find(
                (condition) => condition.keyLower !== subjectKey.toLowerCase() && condition.values.some((value) => /^repo(sitory(_owner)?(_id)?)?:/.test(value)),
              );
              if (setOperator) report('setOperator', { operator: setOperator.operatorName }, setOperator);
              else if (misplaced) report('wrongKey', { key: misplaced.key, subject: misplaced.values[0] as string }, misplaced);
              else report('noSubject', {});
              continue;
            }
            // Conditions on one key are ANDed, so the narrowest decides; values of one condition are ORed, so its widest does.
            let best: { pin: SubjectPin; subject: string; condition: NormalizedCondition } | undefined;
            for (const condition of usable) {
              const like = condition.operator?.base.endsWith('Like') === true;
              const widest = condition.values
                .map((subject) => ({ pin: subjectPin(subject, like), subject, condition }))
                .reduce((a, b) => (b.pin.pin < a.pin.pin ? b : a));
              if (best === undefined || widest.pin.pin > best.pin.pin) best = widest;
            }
            if (best === undefined) continue;
            if (best.pin.pin === Pin.Nobody) report('unpinnedSubject', { subject: best.subject }, best.condition);
            else if (best.pin.pin === Pin.Organization && !allowOrganizationWide) {
              report('organizationWide', { subject: best.subject, owner: best.pin.owner }, best.condition);
            }
          }
        }
      },
    };
  },
});

/**
 * Reads only the part of the pattern before its first wildcard: whatever a wildcard covers, the token's owner
 * chooses. Subjects come as `repo:<owner>/<repo>:<context>` (owner and repository may carry `@<immutable id>`),
 * or, with a customised template, as `claim:value` pairs such as `repository_owner_id:<id>:repository_id:<id>:…`.
 */
export function subjectPin(subject: string, like: boolean): SubjectPin {
  const wildcard = like ? subject.search(/[*?]/) : -1;
  const complete = wildcard === -1;
  const fixed = complete ? subject : subject.slice(0, wildcard);

  const repo = /^(?:repo|repository):([^/:*?]+)\/(.*)$/.exec(fixed);
  if (repo) {
    const name = repo[2] as string;
    const nameEnd = name.search(/[:@]/);
    const named = nameEnd > 0 || (nameEnd === -1 && complete && name.length > 0);
    return { pin: named ? Pin.Repository : Pin.Organization, owner: repo[1] as string };
  }
  const owner = /^repository_owner(?:_id)?:([^:]+)(:|$)/.exec(fixed);
  if (owner && (owner[2] === ':' || complete)) {
    const repository = /(?:^|:)(?:repository_id:\d+|repository:[^/:]+\/[^:]+)(:|$)/.exec(fixed);
    const named = repository !== null && (repository[1] === ':' || complete);
    return { pin: named ? Pin.Repository : Pin.Organization, owner: owner[1] as string };
  }
  const repositoryId = /^repository_id:(\d+)(:|$)/.exec(fixed);
  if (repositoryId && (repositoryId[2] === ':' || complete)) return { pin: Pin.Repository, owner: `repository ${repositoryId[1] as string}` };
  return { pin: Pin.Nobody, owner: '' };
}
