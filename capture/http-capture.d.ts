import type { Server } from "http";

/** An integration kind of config/integrations.ts, or any other path segment a test posts to. */
export type CaptureKind = string;

export interface CaptureRecord {
  /** Arrival time, ms since the epoch. */
  at: number;
  kind: CaptureKind;
  /** The credential key the URL was made for. */
  key: string;
  method: string;
  /** What followed `/<kind>/<key>` (`/bot<token>/sendMessage`), or a tunnelled request's path; "" for none. */
  path: string;
  /** The query string's parameters (Pushover sends its whole message there). */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON or form, or the raw text otherwise. */
  body: any;
  /** False for a request that only looks something up before the notification (Jira's search, WeChat's token). */
  delivery: boolean;
}

/** The hosts the stand-in answers for as an HTTPS proxy; its tunnel certificate must name them. */
export const TUNNELLED_HOSTS: string[];

export function createCaptureServer(options?: {
  onRecord?: (record: CaptureRecord) => void;
  /** PEM certificate and key for TUNNELLED_HOSTS, asked for at each CONNECT; without them the stand-in refuses CONNECT. */
  tunnel?: () => { cert: string; key: string } | undefined;
}): { server: Server; records: CaptureRecord[] };
