/** @module Who the caller is: name, tags, the key in use, its permissions, and the vhosts it may see. */
import { endpoint } from '../endpoint';
import { anyCaller } from '../endpoint-access';
import { json } from '../respond';
import { whoamiSchema } from '../schemas/access';

export const whoami = endpoint({
  operationId: 'whoami',
  method: 'GET',
  path: '/whoami',
  tag: 'access',
  summary: "The caller's name, tags, API key, permissions per vhost and visible vhosts (the console shows only what these allow)",
  responses: { 200: { description: 'The caller', schema: whoamiSchema } },
  authorize: anyCaller,
  handle: ({ services, caller }) => {
    const { directory, policy } = services.access;
    const who = caller!;
    return json({
      name: who.user,
      tags: directory.getUser(who.user).tags,
      ...(who.apiKey ? { apiKey: who.apiKey } : {}),
      permissions: directory.listPermissions({ user: who.user }).map(({ user: _user, ...permission }) => permission),
      vhosts: policy.visibleVhosts(who),
    });
  },
});
