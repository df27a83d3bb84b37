/** The contract's limits, apart from its schemas (the content script ships without zod). */

/** At most this many identifiers go in one lookup (the server refuses more). */
export const MAX_LOOKUP_IDENTIFIERS = 50;
