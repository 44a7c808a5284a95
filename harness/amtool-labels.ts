/** How a label reaches amtool on its command line (`config routes test`, shared by `npm run route` and the routing proof). */

/** A label as amtool reads it: quoted, so any value (commas, spaces, quotes) survives its matcher parser. */
export const labelArgument = (name: string, value: string): string => `${name}=${JSON.stringify(value)}`;
