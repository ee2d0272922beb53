// Fake data for the developer UI kit page only. Nothing here is product logic.

export type DemoPayment = {
  id: string;
  receivedOn: string; // ISO date
  debtor: string;
  creditor: string;
  method: "ACH" | "Card" | "Check" | "Wire";
  status: "posted" | "pending" | "returned" | "held";
  amountCents: number;
};

const debtors = [
  "Alvarez, Maria",
  "Brooks, Daniel",
  "Chen, Wei",
  "Dubois, Claire",
  "Evans, Tom",
  "Fischer, Anna",
  "Garcia, Luis",
  "Hughes, Sarah",
  "Ito, Kenji",
  "Jones, Rachel",
  "Kowalski, Piotr",
  "Lopez, Ana",
  "Murphy, Sean",
  "Nguyen, Linh",
  "O'Brien, Kate",
  "Patel, Ravi",
  "Quinn, Emma",
  "Rossi, Marco",
];
const creditors = ["Acme Lending", "Northwind Health", "Blue River Utilities", "Summit Auto Finance"];
const methods: DemoPayment["method"][] = ["ACH", "ACH", "Card", "Check", "Wire"];
const statuses: DemoPayment["status"][] = ["posted", "posted", "posted", "pending", "pending", "returned", "held"];

/** Deterministic pseudo-random generator so server and client render the same rows. */
function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296;
    return s / 4294967296;
  };
}

export const demoPayments: DemoPayment[] = (() => {
  const rnd = lcg(42);
  const start = Date.UTC(2026, 7, 1);
  return Array.from({ length: 137 }, (_, i) => {
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)] as T;
    return {
      id: `PMT-${String(10420 + i)}`,
      receivedOn: new Date(start + Math.floor(rnd() * 110) * 86_400_000).toISOString().slice(0, 10),
      debtor: pick(debtors),
      creditor: pick(creditors),
      method: pick(methods),
      status: pick(statuses),
      amountCents: Math.round(2_500 + rnd() * rnd() * 480_000),
    };
  });
})();

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
/** Display-only formatting for the demo (the real app formats money with its domain helpers). */
export const formatCents = (cents: number) => usd.format(cents / 100);
export const formatDollars = (dollars: number) => usd.format(dollars);
export const formatDollarsShort = (dollars: number) =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(dollars);

export const collectionsByWeek = [
  { week: "2026-09-07", collected: 41200, remitted: 30150 },
  { week: "2026-09-14", collected: 38950, remitted: 29800 },
  { week: "2026-09-21", collected: 45320, remitted: 33010 },
  { week: "2026-09-28", collected: 52110, remitted: 38240 },
  { week: "2026-10-05", collected: 47880, remitted: 35600 },
  { week: "2026-10-12", collected: 50240, remitted: 36950 },
  { week: "2026-10-19", collected: 58730, remitted: 43100 },
  { week: "2026-10-26", collected: 55410, remitted: 40880 },
  { week: "2026-11-02", collected: 61920, remitted: 45470 },
  { week: "2026-11-09", collected: 59380, remitted: 44020 },
  { week: "2026-11-16", collected: 66010, remitted: 48630 },
];

export const ageingBuckets = [
  { bucket: "0–30", balance: 182400 },
  { bucket: "31–60", balance: 126900 },
  { bucket: "61–90", balance: 88350 },
  { bucket: "91–180", balance: 140200 },
  { bucket: "180+", balance: 211700 },
];

export const collectionsByCreditor = [
  { creditor: "Acme Lending", contingency: 48200, flatFee: 6100 },
  { creditor: "Northwind Health", contingency: 36900, flatFee: 4200 },
  { creditor: "Blue River Utilities", contingency: 22400, flatFee: 9800 },
  { creditor: "Summit Auto Finance", contingency: 30750, flatFee: 2500 },
];

export const formatWeek = (iso: string | number) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
