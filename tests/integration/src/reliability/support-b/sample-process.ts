import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** What a process holds at one moment, read from /proc (Linux). */
export interface ProcessSample {
  /** Resident set size in bytes (`VmRSS`). */
  readonly rssBytes: number;
  /** Open file descriptors. */
  readonly fds: number;
  /** Of those, sockets. */
  readonly sockets: number;
  /** TCP sockets by the remote port they are connected to (`listen` for listening sockets). */
  readonly tcpByRemotePort: Readonly<Record<string, number>>;
}

export const MIB = 1024 * 1024;

/** inode → remote port (or `listen`) of every TCP socket in this network namespace. */
function tcpSocketsByInode(): Map<string, string> {
  const sockets = new Map<string, string>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const remote = fields[2] as string;
      const state = fields[3];
      const port = Number.parseInt(remote.slice(remote.lastIndexOf(":") + 1), 16);
      sockets.set(fields[9] as string, state === "0A" ? "listen" : String(port));
    }
  }
  return sockets;
}

export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKib = Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1] ?? Number.NaN);
  const tcp = tcpSocketsByInode();
  const tcpByRemotePort: Record<string, number> = {};
  let fds = 0;
  let sockets = 0;
  for (const entry of readdirSync(`/proc/${pid}/fd`)) {
    fds += 1;
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${entry}`);
    } catch {
      continue; // closed between the listing and the read
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode === undefined) continue;
    sockets += 1;
    const port = tcp.get(inode);
    if (port !== undefined) tcpByRemotePort[port] = (tcpByRemotePort[port] ?? 0) + 1;
  }
  return { rssBytes: rssKib * 1024, fds, sockets, tcpByRemotePort };
}

/** Connections of a sample to one port (an upstream's or Akto's). */
export function connectionsTo(sample: ProcessSample, url: string): number {
  return sample.tcpByRemotePort[new URL(url).port] ?? 0;
}
