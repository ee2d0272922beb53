/** Page size of the invitations list under Settings → Users & invitations. */
export const INVITATIONS_PAGE = 20;

/**
 * The list input for one page. The first page sends no cursor, so the settings page's server
 * prefetch and the client's first query share one query key (and the client starts hydrated).
 */
export const invitationsInput = (cursor?: string) =>
  cursor ? { cursor, limit: INVITATIONS_PAGE } : { limit: INVITATIONS_PAGE };
