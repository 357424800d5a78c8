// Entry of the server child process: starts the bench servers and answers the parent over IPC.
import { startBenchServers, type ServerConfig } from './servers.js';
import type { ServerReply, ServerRequest } from './server-process.js';

const send = (message: ServerReply | { readonly ready: { apiOrigin: string; tokenUrl: string } }): void => {
  process.send?.(message);
};

const initial = JSON.parse(process.argv[2] ?? '{}') as ServerConfig;
const servers = await startBenchServers(initial);
process.on('message', (raw) => {
  const message = raw as ServerRequest;
  void (async () => {
    try {
      switch (message.op) {
        case 'stats':
          send({ id: message.id, ok: true, value: servers.stats() });
          return;
        case 'reset':
          servers.reset();
          break;
        case 'configure':
          servers.configure(message.config ?? {});
          break;
        case 'close':
          await servers.close();
          send({ id: message.id, ok: true });
          process.disconnect();
          return;
        default:
          throw new Error(`unknown message ${JSON.stringify(message satisfies never)}`);
      }
      send({ id: message.id, ok: true });
    } catch (error) {
      send({ id: message.id, ok: false, error: String(error) });
    }
  })();
});
// The parent died without closing us: do not linger.
process.on('disconnect', () => {
  void servers.close().finally(() => process.exit(0));
});
send({ ready: { apiOrigin: servers.apiOrigin, tokenUrl: servers.tokenUrl } });
