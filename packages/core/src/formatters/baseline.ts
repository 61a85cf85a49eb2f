import type { BaselineComparison } from '../engine/baseline.js';
import { plural } from './shared.js';

/** One line about what the report leaves out because it was already known, or null when nothing was. */
export function describeBaseline(comparison: BaselineComparison): string | null {
  const sources = [
    ...(comparison.baselineFile !== undefined ? [`in the baseline ${comparison.baselineFile}`] : []),
    ...(comparison.sinceRef !== undefined ? [`present at ${comparison.sinceRef}`] : []),
  ];
  if (sources.length === 0) return null;
  const count = comparison.unchanged.length;
  const parts = [`${plural(count, 'known finding')} (${sources.join(' or ')}) ${count === 1 ? 'is' : 'are'} not shown`];
  if (comparison.absent.length > 0) {
    const one = comparison.absent.length === 1;
    parts.push(
      `${plural(comparison.absent.length, 'baselined finding')} no longer ${one ? 'occurs' : 'occur'}: prune ${one ? 'it' : 'them'} with --update-baseline`,
    );
  }
  return parts.join('; ');
}
