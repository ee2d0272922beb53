/** Filter helpers the list services share. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string can be a row id; anything else matches no row and must never reach a `::uuid` cast. */
export const isUuid = (s: string) => UUID.test(s);

/** LIKE treats % and _ as wildcards; a search for "INV_1" means those characters literally. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A date string (YYYY-MM-DD) as the UTC midnight that starts it. */
export const utcDay = (date: string) => new Date(`${date}T00:00:00.000Z`);
