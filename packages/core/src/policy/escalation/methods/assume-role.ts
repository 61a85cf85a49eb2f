import type { EscalationMethod } from '../types.js';
import { on } from './requirements.js';

export const ASSUME_ROLE_METHOD_ID = 'sts-assume-role';

/** Not a method of its own in the search: the hops between principals (see `Search.computeEdges`). */
export const ASSUME_ROLE_METHOD: EscalationMethod = {
  id: ASSUME_ROLE_METHOD_ID,
  title: 'Assume a role',
  requires: [on('sts:AssumeRole')],
  target: 'role',
  yields: 'principal',
  explanation: '{principal} can assume {target}',
};
