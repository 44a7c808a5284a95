/** A container's log, framed by the Engine API without a TTY, read back as the text it wrote. */
import * as assert from "assert";
import { logText } from "../../harness/docker/stack";

/** One frame as the Engine API sends it: stream (1 stdout, 2 stderr), three zero bytes, the size, the bytes. */
function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header.writeUInt8(stream, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe("docker harness: container logs", () => {
  it("joins the frames of both streams in order, without their headers", () => {
    const frames = Buffer.concat([frame(1, "level=info msg=Starting\n"), frame(2, 'level=error msg="bad config: µ"\n'), frame(1, "")]);
    assert.strictEqual(logText(frames), 'level=info msg=Starting\nlevel=error msg="bad config: µ"\n');
  });

  it("an empty log is empty text", () => assert.strictEqual(logText(Buffer.alloc(0)), ""));
});
