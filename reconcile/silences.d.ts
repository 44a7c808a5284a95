/** Types of reconcile/silences.js, which stays plain CommonJS so the deployed stacks run it on the official node image. */

export interface ApiMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  isEqual: boolean;
}

/** One silence as POST /api/v2/silences takes it. */
export interface PostableSilence {
  matchers: ApiMatcher[];
  startsAt: string;
  endsAt: string;
  /** `pulumi:<stack>/<id> (<author>)` for the program's own. */
  createdBy: string;
  comment: string;
}

/** The file components/render/silences.ts renders. */
export interface SilencesFile {
  stack: string;
  silences: PostableSilence[];
}

/** One silence as GET /api/v2/silences returns it. */
export interface GettableSilence extends PostableSilence {
  id: string;
  status: { state: "active" | "pending" | "expired" };
  updatedAt?: string;
}

export interface SilencePlan {
  create: PostableSilence[];
  /** Ours, not expired, no longer declared as they are (changed or removed). */
  expire: GettableSilence[];
  unchanged: GettableSilence[];
}

export function planSilences(declared: SilencesFile, existing: GettableSilence[], now: Date): SilencePlan;

export interface ReconcileOptions {
  /** Alertmanager's base URL (the Service, or one replica): gossip carries the changes to the others. */
  url: string;
  declared: SilencesFile;
  /** The Authorization header value, with web access control on. */
  authorization?: string;
  /** PEM CA certificate for an https URL. */
  ca?: string;
  /** How long to wait for /-/ready; default 180s. */
  readyTimeoutMs?: number;
  now?: () => Date;
}

export interface ReconcileResult {
  /** Ids of the silences created, expired and left as they were. */
  created: string[];
  expired: string[];
  unchanged: string[];
}

export function reconcileSilences(options: ReconcileOptions): Promise<ReconcileResult>;

/** The options of a run as a program: ALERTMANAGER_URL, SILENCES_FILE, and WEB_USERNAME with WEB_PASSWORD_FILE, WEB_CA_FILE. */
export function optionsFromEnv(env: Record<string, string | undefined>): Omit<ReconcileOptions, "readyTimeoutMs" | "now">;
