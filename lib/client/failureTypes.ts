// The wire types live with the failures domain; the browser imports them from here.
export type { FailureItem, FailureDetail, FailurePage, FailureStats } from '../failures/types';
export type { StatsDimension } from '../failures/dimensions';
export type { FailureGroup, FailureGroupPage } from '../failures/groups';
