/**
 * The capture endpoint stands in for every HTTP receiver kind where no credential is configured
 * (local stack) and in the end-to-end tests. One path per integration and key, so what arrives
 * says where it was meant to go.
 */
import type { CredentialHolds } from "../../config/integrations";
import type { CredentialKind, CredentialSpec } from "../../config/spec";

export function captureUrl(baseUrl: string, kind: CredentialKind, key: string): string {
  return `${baseUrl.replace(/\/$/, "")}/${kind}/${key}`;
}

/**
 * What a credential file holds when the capture endpoint replaces the real service: its URL, a
 * placeholder key (the key's own name: capture/http-capture.js tells tunnelled Pushover requests
 * apart by it), or AWS keys the stand-in accepts (the key id names the credential).
 */
export function captureCredential(baseUrl: string, kind: CredentialKind, key: string, holds: CredentialHolds): string {
  if (holds === "url") return captureUrl(baseUrl, kind, key);
  if (holds === "key") return key;
  return `[default]\naws_access_key_id = ${key}\naws_secret_access_key = capture-only\n`;
}

export function captureCredentialValue(baseUrl: string, credential: CredentialSpec): string {
  return captureCredential(baseUrl, credential.kinds[0], credential.key, credential.holds);
}
