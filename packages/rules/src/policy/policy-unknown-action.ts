import { actionCatalog, defineRule, editDistance } from '@iamlint/core';
import { policyVisitors } from '../util/policy-sources.js';

const WILDCARD = /[*?]/;

/** AWS action names are far shorter; a longer name gets no suggestion rather than a costly search. */
const MAX_SUGGESTION_LENGTH = 80;

function letterCounts(text: string): Int16Array {
  const counts = new Int16Array(37);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    counts[code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? code - 22 : 36]! += 1;
  }
  return counts;
}

/** A lower bound of the edit distance from letter counts alone, so most of a service's actions are ruled out cheaply. */
function bagDistance(a: Int16Array, b: Int16Array): number {
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d > 0) more += d;
    else fewer -= d;
  }
  return Math.max(more, fewer);
}

const countsByService = new Map<string, ReadonlyArray<{ readonly lower: string; readonly fullName: string; readonly counts: Int16Array }>>();
const suggestions = new Map<string, string | undefined>();

function indexed(service: string) {
  let entries = countsByService.get(service);
  if (entries === undefined) {
    entries = actionCatalog.actions(service).map((action) => {
      const lower = action.name.toLowerCase();
      return { lower, fullName: action.fullName, counts: letterCounts(lower) };
    });
    countsByService.set(service, entries);
  }
  return entries;
}

/** The service's action closest to `name`, if one is close enough to be a likely typo. */
function closestAction(service: string, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.length > MAX_SUGGESTION_LENGTH) return undefined;
  const cacheKey = `${service.toLowerCase()}:${lower}`;
  if (suggestions.has(cacheKey)) return suggestions.get(cacheKey);
  const counts = letterCounts(lower);
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(lower.length / 3)) + 1;
  for (const action of indexed(service.toLowerCase())) {
    const limit = bestDistance - 1;
    if (Math.abs(action.lower.length - lower.length) > limit || bagDistance(counts, action.counts) > limit) continue;
    const d = editDistance(lower, action.lower, limit);
    if (d < bestDistance) {
      best = action.fullName;
      bestDistance = d;
    }
  }
  suggestions.set(cacheKey, best);
  return best;
}

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow actions, and action patterns, that match no real AWS action.',
      recommended: true,
    },
    severity: 'medium',
    requires: [],
    messages: {
      invalidFormat: '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, which is not of the form service:action.',
      unknownService: '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, but "{{service}}" is not an AWS service prefix.',
      unknownAction: '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, which is not an action of {{service}}.',
      unknownActionSuggestion:
        '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, which is not an action of {{service}}; did you mean {{suggestion}}?',
      noMatch: '{{policy}}: statement {{statement}} lists the pattern "{{action}}" in {{element}}, which matches no AWS action.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        for (const element of ['Action', 'NotAction'] as const) {
          for (const { value: action, pointer } of entry.values(element)) {
            if (/^\*+$/.test(action)) continue;
            const report = (messageId: 'invalidFormat' | 'unknownService' | 'unknownAction' | 'unknownActionSuggestion' | 'noMatch', extra: Record<string, string> = {}) =>
              context.report({
                node: source.node,
                messageId,
                data: { policy: source.label, statement: entry.label, element, action, service: '', suggestion: '', ...extra },
                pointer,
                discriminator: `${entry.key}:${element}:${action}`,
              });
            const colon = action.indexOf(':');
            if ((colon < 0 && !WILDCARD.test(action)) || action.indexOf(':', colon + 1) > colon) {
              report('invalidFormat');
              continue;
            }
            const service = colon < 0 ? '' : action.slice(0, colon);
            const name = action.slice(colon + 1);
            if (colon >= 0 && !WILDCARD.test(service) && !actionCatalog.hasService(service)) {
              report('unknownService', { service });
              continue;
            }
            if (WILDCARD.test(action)) {
              if (actionCatalog.expand(action).length === 0) report('noMatch');
              continue;
            }
            if (actionCatalog.action(action) !== undefined) continue;
            const suggestion = closestAction(service, name);
            if (suggestion === undefined) report('unknownAction', { service: service.toLowerCase() });
            else report('unknownActionSuggestion', { service: service.toLowerCase(), suggestion });
          }
        }
      }
    });
  },
});
