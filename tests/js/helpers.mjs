// Shared test helpers (not a test file: node --test only runs *.test.mjs here).

/** Deep-freeze so any accidental mutation by the code under test throws (modules are strict). */
export function deepFreeze(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A debrief with fixed ids and times, so expected values can be written out in full. */
export function fixture(overrides = {}) {
  return {
    id: "d1",
    name: "Acme second round",
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T11:00:00.000Z",
    interview: { role: "Backend engineer", company: "Acme", date: "2026-11-19", stage: "Second round" },
    narrative: "The train was late.\nI ran in flustered.",
    flukeOrPattern: { choice: "pattern", note: "Third time I was late." },
    right: [
      { id: "r1", text: "Clear payments example", starred: true, factors: ["strong-example"], note: "" },
      { id: "r2", text: "Nice chat", starred: false, factors: ["good-rapport"], note: "" },
    ],
    wrong: [
      { id: "w1", text: "Arrived late", starred: true, factors: ["late", "flustered"], note: "Train delay" },
      { id: "w2", text: "Blanked on salary", starred: true, factors: ["salary-question", "late"], note: "" },
      { id: "w3", text: "Slow on SQL", starred: false, factors: ["under-prepared"], note: "" },
    ],
    strategy: { steps: { late: "Take the earlier train." }, extra: "" },
    strengths: "Lead with the payments story.",
    next: { checklist: { "thank-you": true, rest: false }, action: "", actionDate: "", nextDate: "2026-12-01", nextTime: "", note: "" },
    ...overrides,
  };
}

/** The factors from site.toml that the tests use. */
export const FACTORS = [
  { id: "nervous", label: "Nervous", kind: "wrong", suggestion: "Rehearse out loud.", tags: ["nerves", "practice"] },
  { id: "flustered", label: "Flustered by something earlier", kind: "wrong", suggestion: "Leave a buffer.", tags: ["nerves", "timing"] },
  { id: "late", label: "Late or rushed", kind: "wrong", suggestion: "Plan the route the day before.", tags: ["timing"] },
  { id: "under-prepared", label: "Under-prepared", kind: "wrong", suggestion: "Start a week out.", tags: ["preparation", "research"] },
  { id: "salary-question", label: "Caught out on salary", kind: "wrong", suggestion: "Decide your range.", tags: ["salary", "negotiation"] },
  { id: "good-rapport", label: "Good rapport", kind: "right", suggestion: "Notice what helped.", tags: ["signals"] },
  { id: "strong-example", label: "Strong example", kind: "right", suggestion: "Write the example down.", tags: ["evidence", "resume"] },
];

/** A Web Storage stand-in whose failures tests can switch on. */
export class FakeStorage {
  constructor(entries = {}) {
    this.map = new Map(Object.entries(entries));
    /** @type {unknown} thrown by getItem when set */
    this.getError = null;
    /** @type {null | ((key: string, value: string) => unknown)} returns an error to throw, or nothing */
    this.setError = null;
    /** @type {null | ((value: string) => string)} what actually gets stored (to fake a bad read-back) */
    this.transform = null;
    this.writes = 0;
  }
  get length() {
    return this.map.size;
  }
  key(i) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(key) {
    if (this.getError) throw this.getError;
    return this.map.has(key) ? this.map.get(key) : null;
  }
  setItem(key, value) {
    const error = this.setError?.(key, String(value));
    if (error) throw error;
    this.writes += 1;
    this.map.set(key, this.transform ? this.transform(String(value)) : String(value));
  }
  removeItem(key) {
    this.map.delete(key);
  }
}

/** A clock that moves one second per call, from a fixed start. */
export function clock(start = "2026-11-20T10:00:00.000Z", stepMs = 1000) {
  let t = Date.parse(start) - stepMs;
  return () => new Date((t += stepMs));
}
