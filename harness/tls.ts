/** A throwaway CA and a server certificate for the given names, made with the openssl CLI. */
import { execFileSync } from "child_process";
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";

export interface TlsMaterial {
  ca: string;
  cert: string;
  key: string;
  /** Where the CA was written, for a client that reads trust from a file. */
  caFile: string;
}

/** `names`: subjectAltName entries such as `IP:127.0.0.1` or `DNS:api.pushover.net`; the first names the certificate. */
export function makeTls(dir: string, names: string[]): TlsMaterial {
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe", timeout: 30_000 });
  openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=proven-alerting test CA", "-keyout", f("ca.key"), "-out", f("ca.crt"));
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${names[0].replace(/^\w+:/, "")}`, "-keyout", f("tls.key"), "-out", f("tls.csr"));
  writeFileSync(f("san.ext"), `subjectAltName=${names.join(",")}\n`);
  openssl(
    "x509",
    "-req",
    "-in",
    f("tls.csr"),
    "-CA",
    f("ca.crt"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    f("san.ext"),
    "-out",
    f("tls.crt"),
  );
  return { ca: readFileSync(f("ca.crt"), "utf8"), cert: readFileSync(f("tls.crt"), "utf8"), key: readFileSync(f("tls.key"), "utf8"), caFile: f("ca.crt") };
}
