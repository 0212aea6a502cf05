import { z } from 'zod';
// Imported, as skuCatalog.json is, so that tsc copies it beside the compiled module.
import freeSkusFile from './freeSkus.json';
import { SKU_PART_NUMBER_PATTERN } from './skuServices';

export const FreeSkusSchema = z.strictObject({
  about: z.string().min(1),
  skus: z.array(z.string().regex(SKU_PART_NUMBER_PATTERN)).min(1),
});

/** The list, upper-cased: Graph's part numbers are compared whatever their case. */
export const FREE_SKUS: ReadonlySet<string> = new Set(
  FreeSkusSchema.parse(freeSkusFile).skus.map((s) => s.toUpperCase()),
);

/**
 * Whether a Graph subscription is left out of the owner's digest: a free, self-service (viral) or trial SKU costs
 * the organization nothing, so asking for a partner on each would drown the ones that matter.
 */
export function leftOutOfDigest(sub: { skuPartNumber: string; isTrial?: boolean | null | undefined }): boolean {
  return sub.isTrial === true || FREE_SKUS.has(sub.skuPartNumber.toUpperCase());
}
