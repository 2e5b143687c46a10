/**
 * The site's external peripheral authentication key (manual: "Configuration > Access control > Encrypted
 * communication > External Peripheral Authentication Key"): what a license plate camera presents to submit
 * plates. It is derived from the site main key and a generation number, so neither the database nor a backup
 * holds it; rotating it moves the generation on and every copy of the old key stops working at once.
 */
import { createHash, hkdfSync, timingSafeEqual } from "node:crypto";
import type { SiteDocuments } from "../store";

/** The named document holding the generation (its revision); nothing secret. */
const DOCUMENT = "peripheral-key";

const derive = (mainKey: Uint8Array, generation: number): string =>
  Buffer.from(
    hkdfSync("sha256", mainKey, "portcullis", `portcullis/peripheral-key/v1/${generation}`, 32),
  ).toString("hex");

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

/** The current key, its check, and rotation. */
export class PeripheralKey {
  private constructor(
    private readonly mainKey: Uint8Array,
    private readonly documents: SiteDocuments,
    private key: string,
  ) {}

  /** Opens the key, creating its first generation on a site's first start. */
  static async open(mainKey: Uint8Array, documents: SiteDocuments): Promise<PeripheralKey> {
    const generation =
      (await documents.get(DOCUMENT))?.revision ?? (await documents.put({}, { name: DOCUMENT }));
    return new PeripheralKey(mainKey, documents, derive(mainKey, generation));
  }

  /** The key as an installer copies it into the camera (64 hex digits). */
  current(): string {
    return this.key;
  }

  /** Whether `candidate` is the current key; compared in constant time. */
  matches(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), digest(this.key));
  }

  /** Replaces the key with the next generation's and returns it. */
  async rotate(): Promise<string> {
    const generation = await this.documents.put({}, { name: DOCUMENT });
    this.key = derive(this.mainKey, generation);
    return this.key;
  }
}
