import type { PipelineStage } from 'mongoose';

/**
 * Another collection's documents read along with a query (a `$lookup` with a pipeline), so that
 * one command answers for two repositories: the pipeline is its own repository's, scoped by it.
 * Uncorrelated, or correlated through `let` (variables of the query's own documents).
 */
export interface ForeignPipeline {
  from: string;
  let?: Record<string, string | Record<string, unknown>>;
  pipeline: NonNullable<PipelineStage.Lookup['$lookup']['pipeline']>;
}
