import { z } from 'zod';
import { GuidSchema, ServiceSchema, type Service } from '../../core';
// Imported rather than read from disk, so that tsc copies the JSON beside the compiled module in dist/
// (resolveJsonModule) and it is found the same way from source and from the build.
import catalogFile from './skuCatalog.json';
import { SKU_PART_NUMBER_PATTERN, serviceForSku } from './skuServices';

/**
 * The product names and services of Microsoft 365 SKUs, from Microsoft's "Product names and service plan
 * identifiers for licensing" list: skuCatalog.json, written by scripts/buildSkuCatalog.ts (its header says how
 * to refresh it). Graph's companySubscription has a `skuPartNumber` but no display name; this supplies one.
 */
export const SkuCatalogSchema = z
  .strictObject({
    source: z.string().min(1),
    generatedBy: z.string().min(1),
    skus: z.record(
      z.string().regex(SKU_PART_NUMBER_PATTERN),
      z.strictObject({
        skuId: GuidSchema,
        productName: z.string().trim().min(1),
        // Azure subscriptions are not in Graph's directory subscriptions, so no product maps to Azure.
        service: ServiceSchema.exclude(['Azure']),
      }),
    ),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Map<string, string>();
    for (const part of Object.keys(catalog.skus)) {
      const earlier = seen.get(part.toUpperCase());
      if (earlier !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['skus', part],
          message: `${part} is ${earlier} in another case; lookups ignore case`,
        });
      }
      seen.set(part.toUpperCase(), part);
    }
  });
export type SkuCatalog = z.infer<typeof SkuCatalogSchema>;

export interface SkuProduct {
  /** The product's name, or for a SKU not in the catalog its part number. */
  productName: string;
  service: Service;
  /** Whether the catalog knows the SKU. */
  known: boolean;
}

/** Validates a catalog and indexes it by upper-case part number. Throws, naming the field, on a bad one. */
export function indexSkuCatalog(json: unknown): ReadonlyMap<string, { productName: string; service: Service }> {
  const parsed = SkuCatalogSchema.safeParse(json);
  if (!parsed.success) throw new Error(`skuCatalog.json is not a valid SKU catalog: ${z.prettifyError(parsed.error)}`);
  return new Map(Object.entries(parsed.data.skus).map(([part, entry]) => [part.toUpperCase(), entry]));
}

const BY_PART_NUMBER = indexSkuCatalog(catalogFile);

/**
 * The product name and service of a Graph `skuPartNumber`, whatever its case. A SKU missing from the catalog
 * keeps its part number as its name and gets the service `serviceForSku` gives that part number.
 */
export function productForSku(skuPartNumber: string): SkuProduct {
  const part = skuPartNumber.trim();
  const entry = BY_PART_NUMBER.get(part.toUpperCase());
  if (entry) return { productName: entry.productName, service: entry.service, known: true };
  return { productName: part, service: serviceForSku(part, part), known: false };
}

/** How many SKUs the catalog knows. */
export function skuCatalogSize(): number {
  return BY_PART_NUMBER.size;
}
