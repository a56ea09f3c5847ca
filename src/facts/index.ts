/** Environment facts the snapshot does not record, learned from recorded runs of the same repository. */
export {
  createFactCorpus,
  type FactCorpus,
  type FactScope,
  type FactSource,
  learnTrajectoryOrder,
} from "./corpus.ts";
export { createDirectoryHints, learnOrderEdges, type OrderEdge } from "./directory-order.ts";
export { type ListingCommand, parseListingCommand } from "./listing-command.ts";
