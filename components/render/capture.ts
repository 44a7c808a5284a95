/**
 * The capture endpoint stands in for Slack, PagerDuty, webhooks and Teams where no credential
 * is configured (local stack) and in the end-to-end tests. One path per integration and key,
 * so what arrives says where it was meant to go.
 */
import type { CredentialKind, CredentialSpec } from "../../config/spec";
import { sendsKeyToEndpoint } from "./receivers";

export function captureUrl(baseUrl: string, kind: CredentialKind, key: string): string {
  return `${baseUrl.replace(/\/$/, "")}/${kind}/${key}`;
}

/** What a credential file holds when the capture endpoint replaces the real service: its URL, or a placeholder key. */
export function captureCredential(baseUrl: string, kind: CredentialKind, key: string): string {
  return kind !== "smtp" && sendsKeyToEndpoint(kind) ? `capture-${key}` : captureUrl(baseUrl, kind, key);
}

export function captureCredentialValue(baseUrl: string, credential: CredentialSpec): string {
  return captureCredential(baseUrl, credential.kinds[0], credential.key);
}
