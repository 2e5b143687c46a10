/**
 * One end of a PTY pair as a simulated device's byte transport, read on Node's event loop (a `tty.ReadStream`) and
 * written at once (`writeSync`). The serialport library costs each read and each write a hop through libuv's
 * thread pool; the host pays that on its own end, but the simulated devices on the other end are the line, not the
 * host, and a hop there would be counted as the host's.
 */
import { closeSync, constants, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";
import type { OsdpTransport } from "@portcullis/protocols";

export interface PtyEnd extends OsdpTransport {
  readonly close: () => void;
}

export const openPtyEnd = (path: string): PtyEnd => {
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const input = new ReadStream(fd);
  input.setRawMode(true);
  return {
    // A frame is a few dozen bytes and the PTY buffers 4 KiB: the write never has to wait.
    write: (bytes) => void writeSync(fd, bytes),
    onData: (listener) => {
      const onChunk = (chunk: Buffer) => listener(chunk);
      input.on("data", onChunk);
      return () => void input.off("data", onChunk);
    },
    close: () => {
      input.destroy();
      closeSync(fd);
    },
  };
};
