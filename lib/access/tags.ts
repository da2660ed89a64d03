/** @module RabbitMQ's user tags and what each lets a user do in the console and the management API. */

export const USER_TAGS = ['administrator', 'monitoring', 'policymaker', 'management'] as const;
export type UserTag = (typeof USER_TAGS)[number];

export function isUserTag(value: string): value is UserTag {
  return (USER_TAGS as readonly string[]).includes(value);
}

/**
 * RabbitMQ's tags nest: administrator includes monitoring and policymaker, and both include management.
 * A tag "implies" another when a user with the first may do what the second allows.
 */
const IMPLIED: Record<UserTag, readonly UserTag[]> = {
  administrator: ['administrator', 'monitoring', 'policymaker', 'management'],
  monitoring: ['monitoring', 'management'],
  policymaker: ['policymaker', 'management'],
  management: ['management'],
};

/** True when a user with `tags` has `wanted` or a tag that includes it. */
export function hasTag(tags: readonly string[], wanted: UserTag): boolean {
  return tags.some((tag) => isUserTag(tag) && IMPLIED[tag].includes(wanted));
}
