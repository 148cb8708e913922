import type { PipelineStage } from 'mongoose';

/**
 * Another collection's documents read along with a query (an uncorrelated `$lookup`), so that
 * one command answers for two repositories: the pipeline is its own repository's, scoped by it.
 */
export interface ForeignPipeline {
  from: string;
  pipeline: NonNullable<PipelineStage.Lookup['$lookup']['pipeline']>;
}
