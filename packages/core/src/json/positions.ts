import { findNodeAtLocation, parseTree, type Node as JsonNode } from 'jsonc-parser';
import { pointerToPath } from './pointer.js';

export interface Position {
  line: number;
  column: number;
}

/** Maps JSON pointers of one file to 1-based line/column, parsing the text only when first asked. */
export class PositionIndex {
  private tree: JsonNode | undefined;
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  positionOfPointer(pointer: string): Position {
    this.tree ??= parseTree(this.text, [], { disallowComments: true }) ?? undefined;
    if (!this.tree) return { line: 1, column: 1 };
    let path = pointerToPath(pointer);
    let node = findNodeAtLocation(this.tree, path);
    while (!node && path.length > 0) {
      path = path.slice(0, -1);
      node = findNodeAtLocation(this.tree, path);
    }
    if (!node) return { line: 1, column: 1 };
    // Point where a reader looks: a property at its key, an object in an array at its first property
    // (the identifying arn/id by the snapshot's key order), so an alert's line names the entity.
    const firstProperty = node.type === 'object' && node.parent?.type === 'array' ? node.children?.[0] : undefined;
    const anchor = firstProperty ?? (node.parent?.type === 'property' ? node.parent : node);
    return this.positionOfOffset(anchor.offset);
  }

  positionOfOffset(offset: number): Position {
    const starts = (this.lineStarts ??= computeLineStarts(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}
