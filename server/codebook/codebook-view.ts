/** The codebook as its pages show it: the tree with counts, the tag × domain table, and menus of tags by their path. */
import { buildTree, flatten, type TagLike, type TreeNode } from './codebook.ts';

export interface TagWithText extends TagLike {
  description: string;
}

export interface Counts {
  stories: Map<number, number>;
  byDomain: Map<string, number>;
}

export interface NodeView {
  id: number;
  name: string;
  description: string;
  stories: number;
  children: NodeView[];
}

/** A tag's place in the tree, as people read it: "Housing › Damp". */
export const pathLabel = (path: readonly string[]) => path.join(' › ');

/** Every tag in tree order, labelled by its path, for a menu; `leaveOut` are not offered (e.g. a tag and what is below it). */
export function tagOptions(
  tags: readonly TagLike[],
  leaveOut: ReadonlySet<number> = new Set(),
): { id: number; label: string }[] {
  return flatten(buildTree(tags))
    .filter((node) => !leaveOut.has(node.tag.id))
    .map((node) => ({ id: node.tag.id, label: pathLabel(node.path) }));
}

export function treeView<T extends TagWithText>(tags: readonly T[], counts: Counts): NodeView[] {
  const view = (node: TreeNode<T>): NodeView => ({
    id: node.tag.id,
    name: node.tag.name,
    description: node.tag.description,
    stories: counts.stories.get(node.tag.id) ?? 0,
    children: node.children.map(view),
  });
  return buildTree(tags).map(view);
}

export interface DomainColumn {
  id: number | null;
  name: string;
}

/**
 * Tag × domain counts: one row per tag in tree order, one column per domain. Removed domains and "no domain"
 * appear only when a tagged story is in them.
 */
export function domainTable(
  tags: readonly TagLike[],
  counts: Counts,
  domains: readonly { id: number; name: string; archived: number }[],
) {
  const used = (key: string | number) => [...counts.byDomain.keys()].some((k) => k.endsWith(`:${key}`));
  const columns: DomainColumn[] = domains
    .filter((d) => d.archived === 0 || used(d.id))
    .map((d) => ({ id: d.id, name: d.name }));
  if (used('none')) columns.push({ id: null, name: '' });
  const rows = flatten(buildTree(tags)).map((node) => ({
    id: node.tag.id,
    label: pathLabel(node.path),
    depth: node.depth,
    total: counts.stories.get(node.tag.id) ?? 0,
    cells: columns.map((c) => counts.byDomain.get(`${node.tag.id}:${c.id ?? 'none'}`) ?? 0),
  }));
  return { columns, rows };
}
