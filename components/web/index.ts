/**
 * Web access material for Alertmanager and Prometheus: the password (from `webPassword`, or a
 * generated RandomPassword), its bcrypt hash, the web config each server loads, the probe
 * credential, and TLS material when configured. Everything here stays a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as bcrypt from "bcryptjs";
import type { WebCredentialKey } from "../../config/defaults";
import type { WebSpec } from "../../config/spec";
import { webDirectoryFiles } from "../render/web";

export interface WebAccessArgs {
  web: WebSpec;
  secrets: Partial<Record<WebCredentialKey, pulumi.Output<string>>>;
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
    this.password = pulumi.secret(
      args.web.password === "secret"
        ? args.secrets.webPassword!
        : new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this }).result,
    );
    // A per-stack salt kept in state: the same password gives the same hash on every `pulumi up`,
    // so nothing changes unless the password does.
    const salt = new random.RandomString(`${name}-salt`, { length: 22, special: false }, { parent: this }).result;
    this.hash = pulumi.secret(pulumi.all([this.password, salt]).apply(([password, s]) => bcrypt.hashSync(password, `$2b$10$${s}`)));
    this.registerOutputs({});
  }

  /** The files of one server's web directory (WEB_FILES), as one secret. */
  filesFor(webDir: string): pulumi.Output<Record<string, string>> {
    const { web, secrets } = this.args;
    return pulumi.secret(
      pulumi
        .all([this.password, this.hash, secrets.webTlsCert, secrets.webTlsKey, secrets.webTlsCa])
        .apply(([password, passwordHash, cert, key, ca]) =>
          webDirectoryFiles(web, { password, passwordHash, ...(web.tls && { tls: { cert: cert!, key: key!, ca } }) }, webDir),
        ),
    );
  }
}
