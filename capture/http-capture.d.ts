import type { Server } from "http";

/** An integration kind of config/integrations.ts, or any other path segment a test posts to. */
export type CaptureKind = string;

export interface CaptureRecord {
  /** Arrival time, ms since the epoch. */
  at: number;
  kind: CaptureKind;
  /** The credential key the URL was made for. */
  key: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: any;
}

export function createCaptureServer(options?: { onRecord?: (record: CaptureRecord) => void }): { server: Server; records: CaptureRecord[] };
