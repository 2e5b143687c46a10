/**
 * serialport's own binding, reading and writing at once when the port is ready. On Linux it reads and writes through
 * libuv's thread pool (`fs.read`, `fs.write`): every reply the control panel reads and every command it writes waits
 * a hop there, 50–150 µs, on a line where each reply is answered by the next command — four PDs, eight hops a round.
 * The port is opened non-blocking, so a read or write on the event loop never waits: here each is tried at once, and
 * serialport's own path takes over whenever the port is not ready (its poller) or anything else happens (its errors,
 * a lost adapter). Other platforms keep serialport's binding as it is.
 */
import { readSync, writeSync } from "node:fs";
import {
  type AutoDetectTypes,
  autoDetect,
  LinuxBinding,
  type LinuxBindingInterface,
  type LinuxOpenOptions,
  type LinuxPortBinding,
} from "@serialport/bindings-cpp";

/** The errors of a non-blocking port that has nothing to read, or no room to write, yet. */
const notReady = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EAGAIN" || code === "EWOULDBLOCK" || code === "EINTR";
};

const readable = (port: LinuxPortBinding): Promise<void> =>
  new Promise((resolve, reject) =>
    port.poller.once("readable", (error) => (error === null ? resolve() : reject(error))),
  );

const prompt = (port: LinuxPortBinding): LinuxPortBinding => {
  const read = port.read.bind(port);
  const write = port.write.bind(port);
  port.read = async (buffer, offset, length) => {
    for (;;) {
      // Closed, failed or at end of file: serialport's read says so in its own terms.
      if (port.fd === null) return read(buffer, offset, length);
      let bytesRead: number;
      try {
        bytesRead = readSync(port.fd, buffer, offset, length, null);
      } catch (error) {
        if (!notReady(error)) return read(buffer, offset, length);
        await readable(port);
        continue;
      }
      return bytesRead > 0 ? { bytesRead, buffer } : read(buffer, offset, length);
    }
  };
  port.write = async (buffer) => {
    if (port.fd === null || buffer.length === 0) return write(buffer);
    let written: number;
    try {
      written = writeSync(port.fd, buffer);
    } catch {
      return write(buffer);
    }
    if (written < buffer.length) return write(buffer.subarray(written));
  };
  return port;
};

const promptLinuxBinding: LinuxBindingInterface = {
  list: () => LinuxBinding.list(),
  open: async (options: LinuxOpenOptions) => prompt(await LinuxBinding.open(options)),
};

/** The binding the host's serial lines open their ports with. */
export const serialBinding = (): AutoDetectTypes =>
  process.platform === "linux" ? promptLinuxBinding : autoDetect();
