import type { AnyRule } from './rule.js';

/** The finding a suppressing ignore tag is itself: new the first time it appears, so a baseline or diff shows it. */
export const IGNORE_TAG_RULE_ID = 'ignore-tag-suppressed';

export const ignoreTagRule: AnyRule = {
  meta: {
    type: 'problem',
    docs: { description: 'An iamlint:ignore tag in the audited account suppressed a finding (allowed by the config setting ignoreTags).', recommended: false },
    severity: 'medium',
    messages: { suppressed: '{{tag}} tag on {{resource}} suppresses {{ruleId}}: {{message}}' },
  },
  create: () => ({}),
};

