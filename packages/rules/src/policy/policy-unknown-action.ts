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
const prefixNeighbours = new Map<string, readonly string[][]>();

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

/** How many edits still read as a typo of a name this long; beyond that a "did you mean" would be a guess. */
function typoDistance(lower: string): number {
  return lower.length <= 4 ? 1 : lower.length <= 12 ? 2 : 3;
}

/** The service's action closest to `name`, if one is close enough to be a likely typo. */
function closestAction(service: string, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.length > MAX_SUGGESTION_LENGTH) return undefined;
  const cacheKey = `${service.toLowerCase()}:${lower}`;
  if (suggestions.has(cacheKey)) return suggestions.get(cacheKey);
  const counts = letterCounts(lower);
  let best: string | undefined;
  let bestDistance = typoDistance(lower) + 1;
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

/** Real prefixes within typo distance of `prefix` (`organisations` → `organizations`), grouped by distance, nearest first. */
function nearPrefixes(prefix: string): readonly string[][] {
  const lower = prefix.toLowerCase();
  if (lower.length > MAX_SUGGESTION_LENGTH) return [];
  let groups = prefixNeighbours.get(lower);
  if (groups === undefined) {
    const limit = Math.min(2, typoDistance(lower));
    const found: string[][] = Array.from({ length: limit }, () => []);
    for (const candidate of actionCatalog.services()) {
      const distance = editDistance(lower, candidate, limit);
      if (distance >= 1 && distance <= limit) found[distance - 1]!.push(candidate);
    }
    groups = found;
    prefixNeighbours.set(lower, groups);
  }
  return groups;
}

/** What `name` most likely meant under another prefix: the pattern if it matches there, the action or its nearest. */
function meantUnder(prefix: string, name: string, wildcard: boolean): string | undefined {
  if (wildcard) return actionCatalog.expand(`${prefix}:${name}`).length > 0 ? `${prefix}:${name}` : undefined;
  return actionCatalog.action(`${prefix}:${name}`)?.fullName ?? closestAction(prefix, name);
}

/**
 * The action most likely meant: the service's nearest action, else, for a mistyped prefix, the same action (or its
 * nearest) under the nearest prefixes that have one (`sns:SendMessage` → `sms:SendMessage or sqs:SendMessage`).
 * A wildcard pattern keeps its pattern under the nearer prefix.
 */
function suggest(service: string, name: string, wildcard: boolean): string | undefined {
  if (!wildcard && actionCatalog.hasService(service)) {
    const own = closestAction(service, name);
    if (own !== undefined) return own;
  }
  for (const group of nearPrefixes(service)) {
    const found = group.map((prefix) => meantUnder(prefix, name, wildcard)).filter((candidate) => candidate !== undefined);
    if (found.length > 0) return found.join(' or ');
  }
  return undefined;
}

/** The day of the AWS Service Authorization Reference scan the catalogue holds, as messages name it. */
const CATALOGUE_DATE = actionCatalog.data.updatedAt.slice(0, 10);

type MessageId = 'invalidFormat' | 'unknownService' | 'unknownServiceSuggestion' | 'unknownAction' | 'unknownActionSuggestion' | 'noMatch';

interface Diagnosis {
  readonly messageId: MessageId;
  readonly extra: Readonly<Record<string, string>>;
}

/** Actions repeat in every account's copies of the same policies; each is judged once. Past this many, the cache starts over. */
const DIAGNOSES_KEPT = 16_384;
const diagnoses = new Map<string, Diagnosis | null>();

/** What is wrong with an action as written, or null. */
function diagnosis(action: string): Diagnosis | null {
  let found = diagnoses.get(action);
  if (found === undefined) {
    found = diagnose(action);
    if (diagnoses.size >= DIAGNOSES_KEPT) diagnoses.clear();
    diagnoses.set(action, found);
  }
  return found;
}

function diagnose(action: string): Diagnosis | null {
  const finding = (messageId: MessageId, extra: Record<string, string> = {}): Diagnosis => ({ messageId, extra });
  if (/^\*+$/.test(action)) return null;
  const colon = action.indexOf(':');
  if ((colon < 0 && !WILDCARD.test(action)) || action.indexOf(':', colon + 1) > colon) return finding('invalidFormat');
  const service = colon < 0 ? '' : action.slice(0, colon);
  const name = action.slice(colon + 1);
  if (colon >= 0 && !WILDCARD.test(service) && !actionCatalog.hasService(service)) {
    const suggestion = suggest(service, name, WILDCARD.test(name));
    return finding(suggestion === undefined ? 'unknownService' : 'unknownServiceSuggestion', { service, suggestion: suggestion ?? '' });
  }
  if (WILDCARD.test(action)) return actionCatalog.expand(action).length === 0 ? finding('noMatch') : null;
  if (actionCatalog.action(action) !== undefined) return null;
  const suggestion = suggest(service, name, false);
  if (suggestion === undefined) return finding('unknownAction', { service: service.toLowerCase() });
  return finding('unknownActionSuggestion', { service: service.toLowerCase(), suggestion });
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
      unknownService:
        '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, but "{{service}}" is not a service prefix in AWS\'s action list of {{catalogueDate}}: the service was discontinued (or is newer than that list), or it is a typo.',
      unknownServiceSuggestion:
        '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, but "{{service}}" is not a service prefix in AWS\'s action list of {{catalogueDate}}: the service was discontinued (or is newer than that list), or it is a typo; did you mean {{suggestion}}?',
      unknownAction:
        '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, which is not in AWS\'s action list of {{catalogueDate}} for {{service}}: the action was removed (or is newer than that list), or it is a typo.',
      unknownActionSuggestion:
        '{{policy}}: statement {{statement}} lists "{{action}}" in {{element}}, which is not in AWS\'s action list of {{catalogueDate}} for {{service}}: the action was removed (or is newer than that list), or it is a typo; did you mean {{suggestion}}?',
      noMatch:
        '{{policy}}: statement {{statement}} lists the pattern "{{action}}" in {{element}}, which matches nothing in AWS\'s action list of {{catalogueDate}}: the actions were removed (or are newer than that list), or it is a typo.',
    },
    schema: [],
  },
  create(context) {
    return policyVisitors((source) => {
      for (const entry of source.statements) {
        for (const element of ['Action', 'NotAction'] as const) {
          for (const written of entry.values(element)) {
            const action = written.value;
            const found = diagnosis(action);
            if (found === null) continue;
            context.report({
              node: source.node,
              messageId: found.messageId,
              data: { policy: source.label, statement: entry.label, element, action, service: '', suggestion: '', catalogueDate: CATALOGUE_DATE, ...found.extra },
              pointer: written.pointer,
              discriminator: `${entry.key}:${element}:${action}`,
            });
          }
        }
      }
    });
  },
});
