/** @module The client's calls for who may do what: login, whoami, users, vhosts, permissions, API keys and the audit log. */
import { queryString, segment, type CallOptions, type Http, type QueryValue } from './http';
import type {
  ApiKey,
  AuditPage,
  AuditQuery,
  CreateApiKeyBody,
  CreatedApiKey,
  Permission,
  PermissionPatterns,
  PutUserBody,
  User,
  Vhost,
  Whoami,
} from './types';

const v1 = '/api/v1';

export type AuditDownloadFormat = 'ndjson' | 'csv';

export function accessCalls(http: Http, get: <T>(path: string, call?: CallOptions, query?: Record<string, QueryValue>) => Promise<T>) {
  return {
    /** Logs the console in: a user's password, or one of its API keys as the password. */
    async createSession(user: string, password: string): Promise<void> {
      await http(`${v1}/session`, { method: 'POST', body: { user, password } });
    },
    async deleteSession(): Promise<void> {
      await http(`${v1}/session`, { method: 'DELETE' });
    },
    /** "Log out everywhere": ends every session of the caller; answers how many there were. */
    async deleteAllSessions(): Promise<{ ended: number }> {
      return (await http<{ ended: number }>(`${v1}/sessions`, { method: 'DELETE' })).body;
    },
    whoami: (call?: CallOptions) => get<Whoami>(`${v1}/whoami`, call),

    listUsers: (call?: CallOptions) => get<User[]>(`${v1}/users`, call),
    /** Creates or replaces a user; leaving out `password` keeps the one it has. */
    async putUser(name: string, body: PutUserBody): Promise<{ created: boolean }> {
      const response = await http(`${v1}/users/${segment(name)}`, { method: 'PUT', body });
      return { created: response.status === 201 };
    },
    async deleteUser(name: string): Promise<void> {
      await http(`${v1}/users/${segment(name)}`, { method: 'DELETE' });
    },

    listVhosts: (call?: CallOptions) => get<Vhost[]>(`${v1}/vhosts`, call),
    async putVhost(name: string, body: { description?: string } = {}): Promise<{ created: boolean }> {
      const response = await http(`${v1}/vhosts/${segment(name)}`, { method: 'PUT', body });
      return { created: response.status === 201 };
    },
    async deleteVhost(name: string): Promise<void> {
      await http(`${v1}/vhosts/${segment(name)}`, { method: 'DELETE' });
    },

    listPermissions: (params: { user?: string; vhost?: string } = {}, call?: CallOptions) =>
      get<Permission[]>(`${v1}/permissions`, call, { ...params }),
    async putPermission(vhost: string, user: string, patterns: PermissionPatterns): Promise<void> {
      await http(`${v1}/permissions/${segment(vhost)}/${segment(user)}`, { method: 'PUT', body: patterns });
    },
    async deletePermission(vhost: string, user: string): Promise<void> {
      await http(`${v1}/permissions/${segment(vhost)}/${segment(user)}`, { method: 'DELETE' });
    },

    /** The caller's own keys. */
    listApiKeys: (call?: CallOptions) => get<ApiKey[]>(`${v1}/api-keys`, call),
    /** The answer holds the key itself: it is never shown again. */
    async createApiKey(body: CreateApiKeyBody): Promise<CreatedApiKey> {
      return (await http<CreatedApiKey>(`${v1}/api-keys`, { method: 'POST', body })).body;
    },
    async deleteApiKey(id: string): Promise<void> {
      await http(`${v1}/api-keys/${segment(id)}`, { method: 'DELETE' });
    },

    listAudit: (query: AuditQuery = {}, call?: CallOptions) => get<AuditPage>(`${v1}/audit`, call, { ...query }),
    /** A link that downloads every event matching the filters (no cursor, no limit). */
    auditDownloadPath(query: Omit<AuditQuery, 'cursor' | 'limit'>, format: AuditDownloadFormat): string {
      const { cursor: _cursor, limit: _limit, ...filters } = query as AuditQuery;
      return `${v1}/audit${queryString({ ...filters, format })}`;
    },
  };
}
