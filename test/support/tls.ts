/** A throwaway CA and a server certificate for 127.0.0.1/localhost (harness/tls.ts, with the openssl CLI). */
import { makeTls } from "../../harness/tls";

export interface TestTls {
  ca: string;
  cert: string;
  key: string;
}

export function makeTestTls(dir: string): TestTls {
  const { ca, cert, key } = makeTls(dir, ["DNS:localhost", "IP:127.0.0.1"]);
  return { ca, cert, key };
}
