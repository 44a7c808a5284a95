/**
 * Web access material for Alertmanager and Prometheus: the password (from `webPassword`, or a
 * generated RandomPassword), its bcrypt hash, the web config each server loads, the probe
 * credential, and TLS material when configured; on a central, one user per satellite.
 * Everything here stays a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as bcrypt from "bcryptjs";
import type { WebCredentialKey } from "../../config/defaults";
import type { SatelliteClientSpec } from "../../config/satellites";
import type { WebSpec } from "../../config/spec";
import { webDirectoryFiles } from "../render/web";

export interface WebAccessArgs {
  web: WebSpec;
  secrets: Partial<Record<WebCredentialKey, pulumi.Output<string>>>;
}

/** bcrypt's cost factor: what exporter-toolkit checks on every request, so not higher. */
const BCRYPT_COST = 10;
/** bcrypt's salt: 22 characters of its alphabet. */
const BCRYPT_SALT_LENGTH = 22;

/** A 32-character password kept in state (letters and digits: safe in a URL, a header, a shell). */
const generatedPassword = (name: string, parent: pulumi.Resource): pulumi.Output<string> =>
  new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent }).result;

/**
 * The password's bcrypt hash with a salt kept in state: the same password gives the same hash on
 * every `pulumi up`, so nothing changes unless the password does.
 */
function stableHash(name: string, password: pulumi.Output<string>, parent: pulumi.Resource): pulumi.Output<string> {
  const salt = new random.RandomString(`${name}-salt`, { length: BCRYPT_SALT_LENGTH, special: false }, { parent }).result;
  return pulumi.secret(pulumi.all([password, salt]).apply(([p, s]) => bcrypt.hashSync(p, `$2b$${BCRYPT_COST}$${s}`)));
}

export class WebAccess extends pulumi.ComponentResource {
  readonly password: pulumi.Output<string>;
  private readonly hash: pulumi.Output<string>;

  constructor(
    name: string,
    private readonly args: WebAccessArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("proven-alerting:web:WebAccess", name, {}, opts);
    // Explicitly secret: the program's guarantee, not the provider's default.
    this.password = pulumi.secret(args.web.password === "secret" ? args.secrets.webPassword! : generatedPassword(name, this));
    this.hash = stableHash(name, this.password, this);
    this.registerOutputs({});
  }

  /** The files of one server's web directory (WEB_FILES), as one secret; `users`: more users' hashes by name (a central's satellites). */
  filesFor(webDir: string, users?: pulumi.Output<Record<string, string>>): pulumi.Output<Record<string, string>> {
    const { web, secrets } = this.args;
    return pulumi.secret(
      pulumi
        .all([this.password, this.hash, secrets.webTlsCert, secrets.webTlsKey, secrets.webTlsCa, users])
        .apply(([password, passwordHash, cert, key, ca, more]) =>
          webDirectoryFiles(web, { password, passwordHash, ...(more && { users: more }), ...(web.tls && { tls: { cert: cert!, key: key!, ca } }) }, webDir),
        ),
    );
  }
}

export interface SatelliteClientsArgs {
  clients: SatelliteClientSpec[];
  /** The stack's credential values by key: the clients' passwords that are set. */
  secrets: Record<string, pulumi.Output<string>>;
}

/** A central's satellites: one password (set or generated) and bcrypt hash per client; removing a client removes its user. */
export class SatelliteClients extends pulumi.ComponentResource {
  /** Each client's password by name (a secret): what the central exports to its satellites. */
  readonly passwords: pulumi.Output<Record<string, string>>;
  /** Each client's bcrypt hash by name (a secret): the users of Alertmanager's web config. */
  readonly hashes: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: SatelliteClientsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("proven-alerting:web:SatelliteClients", name, {}, opts);
    const passwords = args.clients.map((client) => {
      const password = client.password.from === "secret" ? args.secrets[client.password.key] : generatedPassword(`${name}-${client.name}`, this);
      return { name: client.name, password: pulumi.secret(password), hash: stableHash(`${name}-${client.name}`, pulumi.secret(password), this) };
    });
    const byName = (pick: (c: (typeof passwords)[number]) => pulumi.Output<string>) =>
      pulumi.secret(pulumi.all(Object.fromEntries(passwords.map((c) => [c.name, pick(c)]))));
    this.passwords = byName((c) => c.password);
    this.hashes = byName((c) => c.hash);
    this.registerOutputs({});
  }
}
