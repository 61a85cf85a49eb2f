export function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

export function escapePointerSegment(segment: string): string {
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

export function pathToPointer(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${escapePointerSegment(String(segment))}`).join('');
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  return base + pathToPointer(segments);
}
