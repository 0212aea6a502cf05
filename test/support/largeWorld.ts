/**
 * A large world for scale tests and benchmarks: a seed file with N tenants x M subscriptions and one owner each,
 * and a store pre-filled with that owner's chat in every installed tenant, as if each had installed the bot.
 *
 *   const world = largeWorld({ tenants: 10_000, subscriptionsPerTenant: 3 });
 *   writeSeedFile(world, path.join(dir, 'seed.json'));
 *   await prefillSqliteStore(dataDir, world, { serviceUrl: channel.url });
 *
 * Ids follow bench/seed.ts's scheme (tenant `b0000000-...-<t>`, owner `b1000000-...-<t>`, subscription
 * `t<t>-sub-<s>`, all 1-based), so a bench plan and a large world name the same people.
 */
import { writeFileSync } from 'node:fs';
import type { z } from 'zod';
import type { SeedSchema } from '../../bot/adapters/seed/seedFile';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { SERVICES, type ConversationStore, type StoredConversation } from '../../bot/core';

export type SeedInput = z.input<typeof SeedSchema>;

export interface LargeWorldOptions {
  tenants: number;
  subscriptionsPerTenant: number;
  /** How many of each tenant's subscriptions (the first ones) have a partner of record in the seed; 0 by default. */
  withPartner?: number;
}

export interface LargeWorld {
  seed: SeedInput;
  tenants: number;
  subscriptionsPerTenant: number;
  /** Subscriptions per tenant with no partner of record: what a first nudge pass queues for each owner. */
  withoutPartner: number;
  /** 0-based tenant index -> ids. */
  tenantId(t: number): string;
  ownerId(t: number): string;
  subscriptionId(t: number, s: number): string;
  /** The personal chat of tenant t's owner, as the pre-filled store holds it. */
  conversationId(t: number): string;
}

const hex12 = (n: number): string => n.toString(16).padStart(12, '0');
const PARTNERS = Array.from({ length: 5 }, (_, i) => ({
  partnerId: String(30000001 + i),
  name: `Bench Partner ${i + 1}`,
  email: `por${i + 1}@partner${i + 1}.example`,
}));

/** The seed and the ids of a world of `tenants` tenants, each with one owner and `subscriptionsPerTenant` subscriptions. */
export function largeWorld(options: LargeWorldOptions): LargeWorld {
  const { tenants, subscriptionsPerTenant } = options;
  const withPartner = Math.min(options.withPartner ?? 0, subscriptionsPerTenant);
  if (!(Number.isInteger(tenants) && tenants >= 1))
    throw new RangeError(`tenants must be a positive integer, got ${tenants}`);
  if (!(Number.isInteger(subscriptionsPerTenant) && subscriptionsPerTenant >= 0)) {
    throw new RangeError(`subscriptionsPerTenant must be a non-negative integer, got ${subscriptionsPerTenant}`);
  }
  const tenantId = (t: number) => `b0000000-0000-4000-8000-${hex12(t + 1)}`;
  const ownerId = (t: number) => `b1000000-0000-4000-8000-${hex12(t + 1)}`;
  const subscriptionId = (t: number, s: number) => `t${t + 1}-sub-${s + 1}`;
  const seed: SeedInput = {
    partners: PARTNERS,
    tenants: Array.from({ length: tenants }, (_, t) => ({
      id: tenantId(t),
      name: `Bench Tenant ${t + 1}`,
      users: [
        { aadObjectId: ownerId(t), name: `Owner ${t + 1}`, email: `owner@t${t + 1}.example`, role: 'owner' as const },
      ],
      subscriptions: Array.from({ length: subscriptionsPerTenant }, (_, s) => ({
        id: subscriptionId(t, s),
        service: SERVICES[s % SERVICES.length]!,
        name: `Bench subscription ${s + 1}`,
        createdAt: '2025-01-01T00:00:00Z',
        ...(s < withPartner ? { partnerId: PARTNERS[(t + s) % PARTNERS.length]!.partnerId } : {}),
      })),
    })),
  };
  return {
    seed,
    tenants,
    subscriptionsPerTenant,
    withoutPartner: subscriptionsPerTenant - withPartner,
    tenantId,
    ownerId,
    subscriptionId,
    conversationId: (t) => `a:personal-large-${t + 1}`,
  };
}

export function writeSeedFile(world: LargeWorld, file: string): void {
  writeFileSync(file, JSON.stringify(world.seed));
}

/** Tenant t's owner's chat, shaped as the bot saves a Teams conversation reference (without the activity id). */
export function storedConversation(
  world: LargeWorld,
  t: number,
  serviceUrl: string,
  updatedAt: string,
): StoredConversation {
  const tenantId = world.tenantId(t);
  const aadObjectId = world.ownerId(t);
  const conversationId = world.conversationId(t);
  return {
    tenantId,
    aadObjectId,
    conversationId,
    reference: {
      user: { id: `29:${aadObjectId}`, name: `Owner ${t + 1}`, aadObjectId },
      bot: { id: '28:bot-app-id', name: 'Partner of Record' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId },
      channelId: 'msteams',
      locale: 'en-US',
      serviceUrl,
    },
    updatedAt,
  };
}

export interface PrefillOptions {
  /**
   * Where the chats' channel is (the activity's serviceUrl). The bot posts each queued nudge there; a loopback
   * address that refuses connections makes it forget the chat and drop the message.
   */
  serviceUrl: string;
  /** Only the first `installed` tenants' owners have a chat; all of them by default. */
  installed?: number;
}

/** Saves the owners' chats through the store's port (any store); resolves with how many were saved. */
export async function prefillConversations(
  store: Pick<ConversationStore, 'saveReference'>,
  world: LargeWorld,
  options: PrefillOptions,
): Promise<number> {
  const count = Math.min(options.installed ?? world.tenants, world.tenants);
  const updatedAt = new Date().toISOString();
  for (let t = 0; t < count; t++)
    await store.saveReference(storedConversation(world, t, options.serviceUrl, updatedAt));
  return count;
}

/** Creates (or opens) the SQLite store in `dataDir`, as the bot would, and pre-fills the owners' chats. */
export async function prefillSqliteStore(dataDir: string, world: LargeWorld, options: PrefillOptions): Promise<number> {
  const store = openSqliteStore({ dataDir });
  try {
    return await prefillConversations(store, world, options);
  } finally {
    await store.close();
  }
}
