/**
 * Keys the bot signs its own links with when it has no app secret to derive them from (local anonymous mode, a
 * managed identity). Kept by the store, so every instance and every restart signs and checks with the same key.
 */
export interface SigningKeys {
  /** The key for `purpose`: 32 random bytes, made the first time it is asked for and the same ever after. */
  signingKey(purpose: string): Promise<Buffer>;
}
