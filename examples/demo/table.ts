// The report printed at the end: one row per client and a total, then what the servers counted.
import type { ApiClientStats } from './api.js';
import { LOGIN_GRANT, type GrantCount } from './auth-server.js';
import { counted, formatCount } from './progress.js';

export interface ClientRow {
  readonly client: string;
  readonly requests: number;
  readonly failed: number;
  /** 401 responses that reached the application. */
  readonly unauthorized: number;
  /** Token requests started while serving this client's requests. */
  readonly tokenRequests: number;
  /** Distinct access tokens the API accepted from this client. */
  readonly tokensUsed: number;
}

const columns = ['client', 'requests', 'failed', '401s seen by app', 'token requests', 'tokens used'] as const;

/** Renders the rows and a total row as an aligned text table. */
export function formatTable(rows: readonly ClientRow[], totalTokensUsed: number): string {
  const sum = (pick: (row: ClientRow) => number): number => rows.reduce((total, row) => total + pick(row), 0);
  const total: ClientRow = {
    client: 'total',
    requests: sum((row) => row.requests),
    failed: sum((row) => row.failed),
    unauthorized: sum((row) => row.unauthorized),
    tokenRequests: sum((row) => row.tokenRequests),
    tokensUsed: totalTokensUsed,
  };
  const cells = (row: ClientRow): string[] => [row.client, ...[row.requests, row.failed, row.unauthorized, row.tokenRequests, row.tokensUsed].map(formatCount)];
  const body = [...rows.map(cells), cells(total)];
  const widths = columns.map((title, index) => Math.max(title.length, ...body.map((line) => line[index]?.length ?? 0)));
  const render = (line: readonly string[]): string =>
    line.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('   ').trimEnd();
  const rule = '-'.repeat(widths.reduce((total, width) => total + width, 0) + 3 * (widths.length - 1));
  return [render(columns), rule, ...body.slice(0, -1).map(render), rule, render(body.at(-1) ?? [])].join('\n');
}

/** What the servers counted, to set beside the table; `rotated` and `clientErrors` as authwire reported them. */
export function formatServerCounts(
  grants: ReadonlyMap<string, GrantCount>,
  apiClients: ReadonlyMap<string, ApiClientStats>,
  rotated: number,
  clientErrors: readonly string[],
): string {
  const refresh = grants.get('refresh_token') ?? { ok: 0, failed: 0, errors: [] };
  const login = grants.get(LOGIN_GRANT)?.ok ?? 0;
  const refusedBy = refresh.errors.length === 0 ? '' : ` (${[...new Set(refresh.errors)].join(', ')})`;
  const apiTotals = [...apiClients.values()].reduce(
    (sum, entry) => ({ requests: sum.requests + entry.requests, refused: sum.refused + entry.refused, expired: sum.expired + entry.expired }),
    { requests: 0, refused: 0, expired: 0 },
  );
  const lines = [
    `token endpoint        ${counted(refresh.ok + refresh.failed, 'refresh_token request')} received, ${formatCount(refresh.failed)} refused${refusedBy}; plus ${counted(login, 'login')} before the run`,
    refresh.failed === 0
      ? `refresh tokens        rotated ${counted(rotated, 'time')}; no replaced one was sent again (the server would have refused it and revoked the grant)`
      : `refresh tokens        rotated ${counted(rotated, 'time')}`,
    `API                   ${counted(apiTotals.requests, 'request')} checked, ${formatCount(apiTotals.refused)} answered 401 (${formatCount(apiTotals.expired)} for an expired token; authwire refreshes and retries those once)`,
  ];
  if (clientErrors.length > 0) lines.push(`token request errors  ${[...new Set(clientErrors)].join(', ')}`);
  return lines.join('\n');
}
