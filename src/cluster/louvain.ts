import type { AbstractGraph } from 'graphology-types';
import louvainModule from 'graphology-communities-louvain';

type Louvain = (graph: AbstractGraph, options: { getEdgeWeight: string; resolution: number; rng: () => number }) => Record<string, number>;

/**
 * The Louvain package is CommonJS typed as an ES default export: under NodeNext, TypeScript sees
 * `module.exports` with a `default` member while Node hands the function itself. Accept both.
 */
export const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);
