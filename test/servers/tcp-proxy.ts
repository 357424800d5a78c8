// A node:net TCP proxy on 127.0.0.1 in front of one upstream port, which can black-hole the
// traffic: while black-holed it forwards nothing in either direction but keeps every socket open
// (no FIN, no RST), as a network partition looks to both ends; what was sent meanwhile is
// delivered when it resumes, as TCP retransmission delivers it once the path heals. New
// connections are accepted meanwhile and wait too.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port clients connect to. */
  readonly port: number;
  /** Stops forwarding (sockets stay open, bytes are kept). */
  blackhole(): void;
  /** Forwards again, first what was kept. */
  resume(): void;
  close(): Promise<void>;
}

/** One direction of one connection: bytes kept while black-holed. */
interface Pipe {
  readonly from: Socket;
  readonly to: Socket;
  readonly kept: Buffer[];
}

/** Starts a proxy to `127.0.0.1:upstreamPort`. */
export async function startTcpProxy(upstreamPort: number): Promise<TcpProxy> {
  let holding = false;
  const pipes = new Set<Pipe>();
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const forward = (from: Socket, to: Socket): void => {
    const pipe: Pipe = { from, to, kept: [] };
    pipes.add(pipe);
    from.on('data', (chunk: Buffer) => {
      if (holding) pipe.kept.push(chunk);
      else to.write(chunk);
    });
    from.once('close', () => {
      pipes.delete(pipe);
      to.destroy();
    });
  };
  const server = createServer((downstream) => {
    track(downstream);
    downstream.on('error', () => undefined);
    const upstream = connect(upstreamPort, '127.0.0.1');
    track(upstream);
    upstream.on('error', () => downstream.destroy());
    forward(downstream, upstream);
    forward(upstream, downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    blackhole: () => {
      holding = true;
    },
    resume: () => {
      holding = false;
      for (const pipe of pipes) {
        for (const chunk of pipe.kept.splice(0)) pipe.to.write(chunk);
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
