/** A small seeded PRNG (mulberry32) so the demo data is the same on every fresh start. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

export const DEBTOR_FIRST = [
  "Ava",
  "Liam",
  "Noah",
  "Emma",
  "Mia",
  "Lucas",
  "Zoe",
  "Ethan",
  "Ivy",
  "Owen",
  "Nora",
  "Leo",
  "Ruth",
  "Omar",
  "Priya",
  "Kenji",
  "Elena",
  "Mateo",
  "Sofia",
  "Hugo",
];
export const DEBTOR_LAST = [
  "Hartley",
  "Nguyen",
  "Okafor",
  "Schmidt",
  "Rossi",
  "Tanaka",
  "Kowalski",
  "Fischer",
  "Moreau",
  "Silva",
  "Brennan",
  "Ivanova",
  "Haddad",
  "Larsen",
  "Costa",
  "Mehta",
];
export const COMPANY = [
  "Bluegate Logistics",
  "Crescent Dental",
  "Ironwood Builders",
  "Maple & Finch Cafe",
  "Summit Auto Repair",
  "Tidewater Marine",
  "Orchard Pediatrics",
  "Keystone Roofing",
  "Lumen Print Co",
  "Redline Freight",
];
