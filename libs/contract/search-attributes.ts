import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Names of our custom search attributes, registered on the namespace at start-up. */
export const SEARCH_ATTRIBUTES = { zoneId: 'ZoneId', accountId: 'AccountId', lane: 'Lane' } as const;

export const zoneIdKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.zoneId, SearchAttributeType.KEYWORD);
export const accountIdKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.accountId, SearchAttributeType.KEYWORD);
export const laneKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.lane, SearchAttributeType.KEYWORD);

/** Every custom search attribute, for registering them on a namespace. */
export const SEARCH_ATTRIBUTE_KEYS = [zoneIdKey, accountIdKey, laneKey];
